package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images written here are valid tapes for SIMH's own {@code mtdump} (Debian package simh). */
class SimhMtdumpTest {

    @TempDir
    Path dir;

    @Test
    void mtdumpSeesEveryRecordAndFilemark() throws IOException, InterruptedException {
        Path file = dir.resolve("dump.tap");
        Random random = new Random(7);
        List<List<Integer>> written = new ArrayList<>();
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            for (int f = 0; f < 4; f++) {
                List<Integer> lengths = new ArrayList<>();
                for (int r = 0; r < 1 + random.nextInt(5); r++) {
                    // mtdump accepts records up to 64 KiB; odd lengths exercise the padding.
                    int length = r == 0 && f == 1 ? 65_536 : 1 + random.nextInt(20_000);
                    byte[] data = new byte[length];
                    random.nextBytes(data);
                    tape.writeRecord(data, 0, length);
                    lengths.add(length);
                }
                tape.writeFilemarks(1);
                written.add(lengths);
            }
            tape.writeFilemarks(1);
        }
        Process p = new ProcessBuilder("mtdump", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<List<Integer>> dumped = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        Matcher record = Pattern.compile("record \\d+, length = (\\d+)").matcher("");
        for (String line : out.split("\n")) {
            if (record.reset(line).find()) {
                current.add(Integer.parseInt(record.group(1)));
            } else if (line.contains("end of tape file")) {
                dumped.add(current);
                current = new ArrayList<>();
            }
        }
        assertThat(out).doesNotContain("Invalid").contains("end of logical tape");
        assertThat(dumped).as(out).isEqualTo(written);
    }
}
