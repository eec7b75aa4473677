package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.tape.TapeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code shadowcat record} whose storage fills up mid-session, for real: the recorder runs under
 * {@code ulimit -f} (RLIMIT_FSIZE), so every write past 2 MiB into one file fails (EFBIG) as on a full
 * disk. The summary line must count what the storage kept, which is what the tape holds afterwards, and
 * together with the messages it says were lost, every message relayed.
 */
class RecordFullDiskIT {

    private static final int REQUESTS = 4_000;
    private static final Pattern SUMMARY =
            Pattern.compile("shadowcat record: tape full: (\\d+) messages recorded(?:, (\\d+) relayed but NOT recorded)?.*");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"filesystem", "sqlite"})
    void theSummaryCountsWhatTheFullStorageKept(String provider) throws Exception {
        Path path = dir.resolve(provider.equals("sqlite") ? "tapes.db" : "tapes");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 2048 && exec \"$@\"", "record"));
        command.addAll(Launchers.javaMain(Main.class));
        command.addAll(List.of("record", "--tape-id", "full", "--max-relay-wait", "0", "--", "sed", "-u", "s/\"method\":\"ping\"/\"result\":{}/"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("SHADOWCAT_STORAGE_PROVIDER", provider,
                "SHADOWCAT_STORAGE_PATH", path.toString()));
        Process p = builder.start();
        CompletableFuture<List<String>> stderr = Launchers.stderrLines(p);
        Thread client = new Thread(() -> requests(p.getOutputStream()), "client");
        client.start();
        int answers = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
            while (out.readLine() != null) {
                answers++;
            }
        }
        client.join();
        assertThat(p.waitFor()).isZero(); // the server's exit code
        assertThat(answers).isEqualTo(REQUESTS); // the session itself lost nothing

        String summary = stderr.get().stream().filter(l -> l.startsWith("shadowcat record: tape full:"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no summary line in " + stderr.join()));
        Matcher m = SUMMARY.matcher(summary);
        assertThat(m.matches()).as(summary).isTrue();
        long recorded = Long.parseLong(m.group(1));
        long lost = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long onTape;
        try (Shadowcat shadowcat = Shadowcat.builder().withStorage(provider, Map.of("path", path.toString())).build()) {
            onTape = shadowcat.storage().load(TapeId.of("full")).frames().size();
        }
        System.out.printf("%s: %s; %d frames on the tape%n", provider, summary, onTape);
        assertThat(lost).as("the storage filled up: %s", summary).isPositive();
        assertThat(recorded).as(summary).isEqualTo(onTape);
        assertThat(recorded + lost).as(summary).isEqualTo(2L * REQUESTS);
    }

    /** 1 KiB pings, as fast as the pipe takes them; then stdin is closed, which ends the session. */
    private static void requests(OutputStream in) {
        String pad = "p".repeat(1000);
        try (in) {
            for (int i = 0; i < REQUESTS; i++) {
                in.write(("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\",\"params\":{\"pad\":\"" + pad
                        + "\"}}\n").getBytes(UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
