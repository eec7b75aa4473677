package io.ectar.tape;

import io.ectar.codec.ZfecCodec;
import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Writes test tape sets: random chunk payloads, coded with the real zfec codec. */
final class TapeSets {

    static final String TOOL = "ectar-test";

    private TapeSets() {
    }

    static TapeLabel label(int k, int m, int blockSize, BlockMode mode) {
        return new TapeLabel(UUID.randomUUID().toString(), 0, k, m, blockSize, mode, TOOL, "2026-11-21T00:00:00Z", "test");
    }

    static List<byte[]> payloads(int chunks, int maxLength, long seed) {
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            byte[] p = new byte[1 + random.nextInt(maxLength)];
            random.nextBytes(p);
            payloads.add(p);
        }
        return payloads;
    }

    /** Writes the payloads as chunks plus a full trailer; returns the writer (finished, not closed). */
    static RaitShardWriter write(List<? extends TapeDevice> drives, TapeLabel label, List<byte[]> payloads)
            throws IOException {
        RaitShardWriter writer = RaitShardWriter.start(drives, label, false, 8);
        writeChunks(writer, label, payloads);
        writeTrailer(writer, label);
        writer.finish();
        return writer;
    }

    static void writeChunks(RaitShardWriter writer, TapeLabel label, List<byte[]> payloads) throws IOException {
        ZfecCodec codec = ZfecCodec.create(label.dataShards(), label.tapes());
        for (int c = 0; c < payloads.size(); c++) {
            writeChunk(writer, c + 1, codec.encode(payloads.get(c)));
        }
    }

    static void writeChunk(RaitShardWriter writer, int chunk, byte[][] shards) throws IOException {
        List<OutputStream> outs = new ArrayList<>();
        for (int s = 0; s < shards.length; s++) {
            outs.add(writer.openShard(chunk, s));
        }
        for (int s = 0; s < shards.length; s++) {
            outs.get(s).write(shards[s]);
        }
        for (OutputStream o : outs) {
            o.close();
        }
    }

    static void writeTrailer(RaitShardWriter writer, TapeLabel label) throws IOException {
        for (int s = 0; s < label.tapes(); s++) {
            try (OutputStream out = writer.openIndexShard(s)) {
                out.write(("index shard " + s).getBytes());
            }
        }
        writer.writeOnEveryTape(TapeDirectory.Kind.RECOVERY, "how to recover".getBytes());
        writer.writeOnEveryTape(TapeDirectory.Kind.INDEX, "the index".getBytes());
    }

    static List<byte[]> decodeAll(TapeShardReader reader, boolean allShards) throws IOException {
        ZfecCodec codec = ZfecCodec.create(reader.label().dataShards(), reader.label().tapes());
        List<byte[]> payloads = new ArrayList<>();
        try (TapeShardReader.ShardStream stream = reader.chunks(1, reader.chunkCount(), allShards)) {
            while (stream.hasNext()) {
                payloads.add(codec.decode(new ArrayList<>(stream.next().shards().values())));
            }
        }
        return payloads;
    }

    static List<MockTapeDevice> mocks(int n) {
        List<MockTapeDevice> drives = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drives.add(new MockTapeDevice("mock" + i));
        }
        return drives;
    }
}
