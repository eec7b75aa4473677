package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.CreateOptions;
import io.ectar.archive.Progress;
import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapePosition;
import io.ectar.tape.TapeSetLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code create --tape-devices --verify} on fault-injecting drives: what it exits with when several things go wrong. */
class TapeCreateExitTest {

    @TempDir
    Path tmp;

    @Test
    void aDroppedDriveAndAReadBackThatLostDataExitsOneNotThree() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Random random = new Random(13);
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[50_000];
            random.nextBytes(bytes);
            Files.write(data.resolve("f" + i + ".bin"), bytes);
        }
        List<MockTapeDevice> mocks = List.of(new MockTapeDevice("mock0"), new MockTapeDevice("mock1"),
                new MockTapeDevice("mock2"));
        // tape 1 fails at chunk 3 and is dropped; reading back, tape 0 cannot read chunk 4: with tape 1
        // gone from chunk 3 on, chunk 4 has one good shard of the two it needs
        mocks.get(1).failWriteAt(new TapePosition(TapeSetLayout.chunkFile(3), 0));
        mocks.get(0).failReadAt(new TapePosition(TapeSetLayout.chunkFile(4), 0));
        TapeCreate.Drives drives = forReading -> {
            List<TapeDevice> opened = new ArrayList<>();
            for (MockTapeDevice m : mocks) {
                opened.add(forReading ? m.reopen() : m);
            }
            return opened;
        };
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EctarCommand());
        cli.setErr(new PrintWriter(err, true));
        TapeWriteOptions write = new TapeWriteOptions();
        write.blockSize = 16 * 1024;
        write.verify = true;
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(64 << 10)
                .withCompressionLevel(1);

        ExitStatus status = new TapeCreate(cli, new TapeDeviceOptions(), write, drives)
                .run(options, null, List.of(data), false, Progress.NONE);

        assertThat(err.toString()).contains("1 tape drive(s) failed and were dropped")
                .contains("the tapes do NOT read back completely");
        assertThat(status).as(err.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(status.code()).isEqualTo(1);
    }
}
