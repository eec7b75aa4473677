package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.codec.ZfecCodec;
import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.device.TapePosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TapeShardReaderTest {

    private static final int BLOCK = 1024;

    private static List<MockTapeDevice> writtenSet(int k, int m, List<byte[]> payloads, BlockMode mode)
            throws IOException {
        List<MockTapeDevice> drives = TapeSets.mocks(k + m);
        TapeSets.write(drives, TapeSets.label(k, m, BLOCK, mode), payloads).close();
        drives.forEach(MockTapeDevice::reopen);
        return drives;
    }

    @ParameterizedTest
    @EnumSource(BlockMode.class)
    void creationReadsLabelsAndDirectory(BlockMode mode) throws IOException {
        List<byte[]> payloads = TapeSets.payloads(3, 5000, 1);
        List<MockTapeDevice> drives = writtenSet(2, 2, payloads, mode);
        try (TapeShardReader reader = TapeShardReader.open(drives)) {
            assertThat(reader.label().dataShards()).isEqualTo(2);
            assertThat(reader.label().blockMode()).isEqualTo(mode);
            assertThat(reader.tapes()).containsExactly(0, 1, 2, 3);
            assertThat(reader.chunkCount()).isEqualTo(3);
            assertThat(new String(reader.readFromAnyTape(TapeDirectory.Kind.RECOVERY))).isEqualTo("how to recover");
            assertThat(new String(reader.readFromAnyTape(TapeDirectory.Kind.INDEX))).isEqualTo("the index");
            assertThat(reader.readIndexShards()).hasSize(4).containsKey(3);
            assertThat(new String(reader.readIndexShards().get(2))).isEqualTo("index shard 2");
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void positionsToAChunkByFilemarks() throws IOException {
        List<byte[]> payloads = TapeSets.payloads(6, 3000, 2);
        List<MockTapeDevice> drives = writtenSet(2, 1, payloads, BlockMode.VARIABLE);
        ZfecCodec codec = ZfecCodec.create(2, 3);
        try (TapeShardReader reader = TapeShardReader.open(drives);
                TapeShardReader.ShardStream stream = reader.chunks(4, 5, false)) {
            ChunkShards four = stream.next();
            assertThat(four.chunk()).isEqualTo(4);
            assertThat(codec.decode(new ArrayList<>(four.shards().values()))).isEqualTo(payloads.get(3));
            assertThat(codec.decode(new ArrayList<>(stream.next().shards().values()))).isEqualTo(payloads.get(4));
            assertThat(stream.hasNext()).isFalse();
        }
    }

    /** Any k of the k + m tapes, in any order, restore everything. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyKTapesInAnyOrder(long seed) throws IOException {
        Random random = new Random(seed);
        int k = 1 + random.nextInt(3);
        int m = 1 + random.nextInt(3);
        List<byte[]> payloads = TapeSets.payloads(1 + random.nextInt(5), 6000, seed);
        List<MockTapeDevice> drives = new ArrayList<>(writtenSet(k, m, payloads, BlockMode.VARIABLE));
        Collections.shuffle(drives, random);
        List<MockTapeDevice> some = drives.subList(0, k + random.nextInt(m + 1));
        try (TapeShardReader reader = TapeShardReader.open(some)) {
            assertThat(TapeSets.decodeAll(reader, random.nextBoolean())).containsExactlyElementsOf(payloads);
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @Test
    void readsAllTapesInParallel() throws IOException {
        List<byte[]> payloads = TapeSets.payloads(4, 4000, 3);
        List<MockTapeDevice> drives = writtenSet(2, 1, payloads, BlockMode.VARIABLE);
        try (TapeShardReader reader = TapeShardReader.open(drives);
                TapeShardReader.ShardStream stream = reader.chunks(1, 4, true)) {
            for (int c = 1; c <= 4; c++) {
                ChunkShards shards = stream.next();
                assertThat(shards.shards()).as("every tape's shard").containsOnlyKeys(0, 1, 2);
                assertThat(shards.problems()).isEmpty();
            }
        }
    }

    @Test
    void aDamagedRecordCostsOnlyThatShard() throws IOException {
        List<byte[]> payloads = TapeSets.payloads(3, 4000, 4);
        List<MockTapeDevice> drives = writtenSet(2, 1, payloads, BlockMode.VARIABLE);
        drives.get(0).flipBit(new TapePosition(2, 0), 77);        // silent corruption: CRC catches it
        drives.get(2).failReadAt(new TapePosition(3, 0));         // the drive cannot read a record
        try (TapeShardReader reader = TapeShardReader.open(drives);
                TapeShardReader.ShardStream stream = reader.chunks(1, 3, true)) {
            assertThat(stream.next().problems()).isEmpty();
            ChunkShards two = stream.next();
            assertThat(two.shards()).containsOnlyKeys(1, 2);
            assertThat(two.problems()).singleElement().asString().contains("tape 0").contains("CRC-32C");
            ChunkShards three = stream.next();
            assertThat(three.shards()).containsOnlyKeys(0, 1);
            assertThat(three.problems()).singleElement().asString().contains("unreadable record at file 3 block 0");
            ZfecCodec codec = ZfecCodec.create(2, 3);
            assertThat(codec.decode(new ArrayList<>(three.shards().values()))).isEqualTo(payloads.get(2));
        }
    }

    @Test
    void survivesADriveFailingMidRead() throws IOException {
        List<byte[]> payloads = TapeSets.payloads(6, 4000, 5);
        List<MockTapeDevice> drives = writtenSet(2, 1, payloads, BlockMode.VARIABLE);
        drives.get(1).failReadsAfter(5);
        try (TapeShardReader reader = TapeShardReader.open(drives)) {
            assertThat(TapeSets.decodeAll(reader, true)).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void tooFewGoodShardsIsAnErrorNamingTheChunk() throws IOException {
        List<byte[]> payloads = TapeSets.payloads(3, 4000, 6);
        List<MockTapeDevice> drives = writtenSet(2, 1, payloads, BlockMode.VARIABLE);
        drives.get(0).failReadAt(new TapePosition(2, 0));
        drives.get(1).flipBit(new TapePosition(2, 0), 9);
        try (TapeShardReader reader = TapeShardReader.open(drives);
                TapeShardReader.ShardStream stream = reader.chunks(1, 3, false)) {
            stream.next();
            assertThatThrownBy(stream::next).isInstanceOf(RaitException.class)
                    .hasMessageContaining("chunk 2 cannot be restored: only 1 of the 2 shards");
        }
    }

    @Test
    void tapesOfAnotherSetOrTooFewTapesAreClearErrors() throws IOException {
        List<MockTapeDevice> a = writtenSet(2, 1, TapeSets.payloads(1, 100, 7), BlockMode.VARIABLE);
        List<MockTapeDevice> b = writtenSet(2, 1, TapeSets.payloads(1, 100, 8), BlockMode.VARIABLE);
        String setA = TapeLabel.decode(a.get(0).files().get(0).get(0), a.get(0).files().get(0).get(0).length).setId();
        assertThatThrownBy(() -> TapeShardReader.open(List.of(a.get(0), a.get(1), b.get(2))))
                .isInstanceOf(RaitException.class)
                .hasMessageContaining("different sets")
                .hasMessageContaining("mock0, mock1 are from set " + setA)
                .hasMessageContaining("mock2 is from set");
        assertThatThrownBy(() -> TapeShardReader.open(List.of(a.get(2))))
                .isInstanceOf(RaitException.class)
                .hasMessageContaining("only 1 of the 3 tapes of set " + setA)
                .hasMessageContaining("any 2 of them are needed");
        assertThatThrownBy(() -> TapeShardReader.open(List.of(a.get(1), a.get(1))))
                .isInstanceOf(RaitException.class).hasMessageContaining("mock1 is given twice");
        assertThatThrownBy(() -> TapeShardReader.open(List.of(new MockTapeDevice("blank"))))
                .isInstanceOf(TapeException.class).hasMessageContaining("blank holds no ectar tape label (the tape is blank)");
    }
}
