package io.ectar.archive.internal.create;

import io.ectar.archive.ShardSink;
import io.ectar.internal.io.Failures;
import io.ectar.internal.io.Closeables;
import io.ectar.internal.io.Sha256;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ChunkRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Codes chunk payloads into shards on a thread of its own, so that the next chunk is read, tarred and
 * compressed meanwhile. At most {@code maxQueued} payloads wait, which bounds memory.
 */
public final class ChunkEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkEncoder.class);

    private final ZfecCodec codec;
    private final ShardSink sink;
    private final Semaphore slots;
    private final ExecutorService thread;
    private final List<Future<ChunkRecord>> pending = new ArrayList<>();

    public ChunkEncoder(ZfecCodec codec, ShardSink sink, int maxQueued) {
        this.codec = codec;
        this.sink = sink;
        this.slots = new Semaphore(maxQueued);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ectar-encoder");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a payload; blocks while the queue is full; fails fast when an earlier chunk failed. */
    public void submit(ChunkPayload payload) throws IOException {
        rethrowFailures(false);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the encoder");
        }
        pending.add(thread.submit(() -> {
            try {
                return encode(payload);
            } finally {
                payload.release();
                slots.release();
            }
        }));
    }

    /** Waits for every queued chunk and returns their records in order. */
    public List<ChunkRecord> finish() throws IOException {
        List<ChunkRecord> records = rethrowFailures(true);
        thread.shutdown();
        return records;
    }

    /**
     * Stops coding: queued chunks are dropped, and this returns once the chunk being coded is done with, so
     * that no shard file is opened after the sink has cleaned up.
     */
    public void abort() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warn("the encoder did not stop within 5 minutes; shard files may be left behind");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ChunkRecord> rethrowFailures(boolean wait) throws IOException {
        List<ChunkRecord> done = new ArrayList<>();
        for (Future<ChunkRecord> f : pending) {
            if (!wait && !f.isDone()) {
                continue;
            }
            try {
                done.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the encoder");
            } catch (ExecutionException e) {
                throw Failures.rethrow(e.getCause());
            }
        }
        return done;
    }

    private ChunkRecord encode(ChunkPayload p) throws IOException {
        // The payload's hash runs beside the coding, which hashes and writes the shares in parallel.
        CompletableFuture<String> payloadSha = CompletableFuture.supplyAsync(() -> Sha256.of(p.bytes(), 0, p.length()));
        int m = codec.m();
        List<MessageDigest> digests = new ArrayList<>(m);
        List<OutputStream> outs = new ArrayList<>(m);
        try {
            for (int s = 0; s < m; s++) {
                MessageDigest d = Sha256.newDigest();
                digests.add(d);
                outs.add(new DigestOutputStream(sink.openShard(p.number(), s), d));
            }
            codec.encode(p.bytes(), 0, p.length(), outs);
        } finally {
            Closeables.closeAll(outs);
            payloadSha.join(); // it reads the payload buffer, which goes back to the pool after this
        }
        List<String> shardSha = new ArrayList<>(m);
        for (MessageDigest d : digests) {
            shardSha.add(Sha256.hex(d));
        }
        return new ChunkRecord(p.number(), p.length(), payloadSha.join(), p.uncompressedOffset(),
                p.uncompressedLength(), codec.shareFileLength(p.length()), shardSha);
    }
}
