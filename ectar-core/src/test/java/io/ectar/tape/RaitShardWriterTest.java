package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.device.TapePosition;
import io.ectar.tape.internal.TapeShardOutputTest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RaitShardWriterTest {

    private static final int BLOCK = 1024;

    @Test
    void creationChecksDrivesAndLabelsEveryTape() throws IOException {
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        assertThatThrownBy(() -> RaitShardWriter.start(TapeSets.mocks(2), label, false, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 drives for a set of 3 tapes");
        MockTapeDevice same = new MockTapeDevice("same");
        assertThatThrownBy(() -> RaitShardWriter.start(List.of(same, same, new MockTapeDevice("x")), label, false, 4))
                .hasMessageContaining("twice");

        List<MockTapeDevice> drives = TapeSets.mocks(3);
        try (RaitShardWriter writer = RaitShardWriter.start(drives, label, false, 4)) {
            assertThat(writer.label()).isEqualTo(label);
        }
        for (int i = 0; i < 3; i++) {
            byte[] record = drives.get(i).files().get(0).get(0);
            TapeLabel onTape = TapeLabel.decode(record, record.length);
            assertThat(onTape).isEqualTo(label.forTape(i));
            assertThat(new String(record, 0, 19)).isEqualTo("ECTAR TAPE LABEL 1\n");
        }
    }

    @Test
    void aTapeWithDataIsOnlyOverwrittenWhenAsked() throws IOException {
        TapeLabel label = TapeSets.label(1, 1, BLOCK, BlockMode.VARIABLE);
        List<MockTapeDevice> drives = TapeSets.mocks(2);
        TapeSets.write(drives, label, TapeSets.payloads(1, 100, 1)).close();
        drives.forEach(MockTapeDevice::reopen);
        assertThatThrownBy(() -> RaitShardWriter.start(drives, TapeSets.label(1, 1, BLOCK, BlockMode.VARIABLE), false, 4))
                .isInstanceOf(TapeException.class)
                .hasMessageContaining("already holds data (tape 0 (of 2) of set " + label.setId() + ")")
                .hasMessageContaining("--force");
        assertThat(drives.get(0).files().size()).as("nothing overwritten").isGreaterThan(3);
        drives.forEach(MockTapeDevice::reopen);
        RaitShardWriter.start(drives, TapeSets.label(1, 1, BLOCK, BlockMode.VARIABLE), true, 4).close();
        assertThat(drives.get(1).files()).hasSize(2);
    }

    @Test
    void shardIOfEveryChunkGoesToDriveIWithTheLayoutOfTheDesign() throws IOException {
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        byte[][][] shards = new byte[4][3][];
        try (RaitShardWriter writer = RaitShardWriter.start(drives, label, false, 4)) {
            for (int c = 0; c < 4; c++) {
                for (int s = 0; s < 3; s++) {
                    shards[c][s] = (c + ":" + s + ":").repeat(200 + 300 * c).getBytes();
                }
                TapeSets.writeChunk(writer, c + 1, shards[c]);
            }
            TapeSets.writeTrailer(writer, label);
            List<DriveReport> reports = writer.finish();
            assertThat(reports).allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(reports.get(1).bytes()).isGreaterThan(shards[3][1].length);

            TapeDirectory dir = writer.directory();
            assertThat(dir.chunks()).extracting(TapeDirectory.TapeFile::file).containsExactly(1L, 2L, 3L, 4L);
            assertThat(dir.file(TapeDirectory.Kind.INDEX_SHARD).file()).isEqualTo(5);
            assertThat(dir.file(TapeDirectory.Kind.RECOVERY).file()).isEqualTo(6);
            assertThat(dir.file(TapeDirectory.Kind.INDEX).file()).isEqualTo(7);
            assertThat(dir.endedAtEarlyWarning()).isFalse();
            assertThat(dir.dropped()).isEmpty();
            TapeDirectory.ShardOnTape s21 = dir.chunks().get(1).shard(2);
            assertThat(s21.length()).isEqualTo(shards[1][2].length);
            assertThat(s21.records()).isEqualTo((shards[1][2].length + BLOCK - 1) / BLOCK);
        }
        for (int i = 0; i < 3; i++) {
            List<List<byte[]>> files = drives.get(i).files();
            // label, 4 chunks, index shard, recovery, index, directory, the empty file between the two
            // filemarks at the end, and (as files() shows it) the nothing after the last filemark
            assertThat(files).hasSize(11);
            for (int c = 0; c < 4; c++) {
                assertThat(TapeShardOutputTest.concat(files.get(c + 1))).isEqualTo(shards[c][i]);
            }
            assertThat(new String(TapeShardOutputTest.concat(files.get(5)))).isEqualTo("index shard " + i);
            assertThat(new String(TapeShardOutputTest.concat(files.get(8)))).startsWith(TapeDirectory.MAGIC);
            assertThat(files.get(9)).isEmpty();
            assertThat(files.get(10)).isEmpty();
            assertThat(drives.get(i).isClosed()).isTrue();
        }
    }

    @Test
    void allDrivesWriteAtTheSameTime() throws IOException {
        // Each drive's first chunk record waits until all three drives are inside a write at once:
        // drives written one after another would time out here and be dropped.
        CyclicBarrier together = new CyclicBarrier(3);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        for (MockTapeDevice d : drives) {
            d.beforeEachWrite((device, at) -> {
                if (at.equals(new TapePosition(1, 0))) {
                    try {
                        together.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        throw new IOException("drives did not write in parallel", e);
                    }
                }
            });
        }
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        try (RaitShardWriter writer = TapeSets.write(drives, label, TapeSets.payloads(3, 5000, 2))) {
            assertThat(writer.droppedDrives()).isEmpty();
            assertThat(writer.directory().dropped()).isEmpty();
        }
    }

    @Test
    void aDriveFailingMidWriteIsDroppedAndTheSetStaysReadable() throws IOException {
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        // Tape 1 dies inside chunk 3 (label = 1 record, chunks of 2 records each).
        drives.get(1).failWriteAt(new TapePosition(3, 1));
        List<byte[]> payloads = TapeSets.payloads(5, 3000, 3).stream().map(p -> java.util.Arrays.copyOf(p, 3000)).toList();
        try (RaitShardWriter writer = TapeSets.write(drives, label, payloads)) {
            assertThat(writer.droppedDrives()).singleElement().asString()
                    .contains("tape 1 (mock1)").contains("file 3 block 1");
            TapeDirectory dir = writer.directory();
            assertThat(dir.dropped()).singleElement().satisfies(d -> {
                assertThat(d.tape()).isEqualTo(1);
                assertThat(d.file()).isEqualTo(3);
            });
            assertThat(dir.chunks().get(1).shard(1)).as("chunk 2 made it").isNotNull();
            assertThat(dir.chunks().get(2).shard(1)).as("chunk 3 is missing").isNull();
            assertThat(dir.chunks().get(4).shard(1)).isNull();
            assertThat(dir.chunks().get(4).present()).isEqualTo(2);
        }
        assertThat(drives.get(1).files()).as("the failed tape got no trailer").hasSize(4);
        drives.forEach(MockTapeDevice::reopen);
        try (TapeShardReader reader = TapeShardReader.open(drives)) {
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void tooManyFailedDrivesStopTheSet() throws IOException {
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        drives.get(0).failWritesAfter(2);
        drives.get(2).failWritesAfter(2);
        try (RaitShardWriter writer = RaitShardWriter.start(drives, label, false, 4)) {
            assertThatThrownBy(() -> {
                for (int c = 1; c <= 20; c++) {
                    TapeSets.writeChunk(writer, c, new byte[][] {new byte[3000], new byte[3000], new byte[3000]});
                }
                writer.finish();
            }).isInstanceOf(RaitException.class).hasMessageContaining("2 are needed")
                    .hasMessageContaining("tape 0 (mock0)").hasMessageContaining("tape 2 (mock2)");
        }
    }

    @Test
    void earlyWarningIsSeenByTheCallerAndRecorded() throws IOException {
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        drives.get(2).earlyWarningAfter(6);
        List<byte[]> payloads = TapeSets.payloads(40, 4000, 4);
        int written = 0;
        try (RaitShardWriter writer = RaitShardWriter.start(drives, label, false, 2)) {
            io.ectar.codec.ZfecCodec codec = io.ectar.codec.ZfecCodec.create(2, 3);
            while (written < payloads.size() && !writer.earlyWarning()) {
                TapeSets.writeChunk(writer, written + 1, codec.encode(payloads.get(written)));
                written++;
            }
            assertThat(written).as("stopped early").isLessThan(payloads.size());
            TapeSets.writeTrailer(writer, label);
            writer.finish();
            assertThat(writer.directory().endedAtEarlyWarning()).isTrue();
            assertThat(writer.directory().chunks()).hasSize(written);
        }
        drives.forEach(MockTapeDevice::reopen);
        try (TapeShardReader reader = TapeShardReader.open(drives)) {
            assertThat(TapeSets.decodeAll(reader, true)).containsExactlyElementsOf(payloads.subList(0, written));
        }
    }

    @Test
    void chunksMustComeInOrder() throws IOException {
        TapeLabel label = TapeSets.label(1, 1, BLOCK, BlockMode.VARIABLE);
        try (RaitShardWriter writer = RaitShardWriter.start(TapeSets.mocks(2), label, false, 4)) {
            assertThatThrownBy(() -> writer.openShard(2, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in order");
            try (OutputStream out = writer.openShard(1, 0)) {
                out.write(1);
            }
        }
    }
}
