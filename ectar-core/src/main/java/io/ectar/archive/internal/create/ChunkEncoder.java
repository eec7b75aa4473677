package io.ectar.archive.internal.create;

import io.ectar.archive.ShardSink;
import io.ectar.internal.io.Closeables;
import io.ectar.internal.io.Handoff;
import io.ectar.internal.io.Sha256;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Codes chunk payloads into shards on a thread of its own ({@code ectar-encoder}), so that the next chunk is
 * read, tarred and compressed meanwhile. At most {@code maxQueued} payloads wait besides the one being coded;
 * memory is bounded by the segment pool of the {@link ChunkStream} that submits them: a payload waiting here
 * holds its segments, the one being coded gives them back as it goes, and the compressor waits for a segment
 * when none is free.
 *
 * <p>The payloads travel on a {@link Handoff}: a coding failure ends it, so the submitter's next (or waiting)
 * {@link #submit} throws it at once and {@link #finish()} throws it after the encoder stopped; {@link #abort()}
 * ends it from the other side. Who owns what: {@code records} belongs to the encoder thread until it ends
 * (the {@code join} in {@link #finish()} hands it to the caller); the rest is immutable.
 */
public final class ChunkEncoder {

    private final ZfecCodec codec;
    private final ShardSink sink;
    private final Handoff<ChunkPayload> payloads;
    private final List<ChunkRecord> records = new ArrayList<>();
    private final Thread thread;

    public ChunkEncoder(ZfecCodec codec, ShardSink sink, int maxQueued) {
        this.codec = codec;
        this.sink = sink;
        this.payloads = new Handoff<>(maxQueued);
        this.thread = new Thread(this::run, "ectar-encoder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a payload; blocks while the queue is full; fails fast when an earlier chunk failed. */
    public void submit(ChunkPayload payload) throws IOException {
        try {
            payloads.put(payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the encoder");
        }
    }

    /** Waits for every queued chunk and returns their records in order. */
    public List<ChunkRecord> finish() throws IOException {
        payloads.finish();
        join();
        payloads.checkConsumer();
        return List.copyOf(records);
    }

    /**
     * Stops coding: queued chunks are dropped, and this returns once the chunk being coded is done with, so
     * that no shard file is opened after the sink has cleaned up. The encoder is interrupted too (a shard
     * write in progress ends at once) and waited for without a time limit.
     */
    public void abort() {
        payloads.close();
        thread.interrupt();
        try {
            join();
        } catch (InterruptedIOException e) {
            // the encoder is a daemon thread: it stops at its next take, or goes with the process
        }
    }

    private void join() throws InterruptedIOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the encoder");
        }
    }

    /** The encoder thread: codes each payload in order until the submitter finishes or either side fails. */
    private void run() {
        while (true) {
            ChunkPayload p;
            try {
                Optional<ChunkPayload> next = payloads.take();
                if (next.isEmpty()) {
                    return;
                }
                p = next.get();
            } catch (Handoff.ClosedException aborted) {
                return;
            } catch (InterruptedException e) {
                // after abort() this changes nothing; otherwise the submitter must not wait for us in vain
                payloads.consumerFailed(new InterruptedIOException("coding was interrupted"));
                return;
            } catch (IOException impossible) {
                // take throws only the submitter's failure, and the submitter never fails the hand-off
                payloads.consumerFailed(impossible);
                return;
            }
            try {
                records.add(encode(p));
            } catch (Throwable t) {
                payloads.consumerFailed(t);
                return;
            } finally {
                p.release();
            }
        }
    }

    /**
     * Streams the payload through the codec (which hashes and writes the shares in parallel), hashing it on
     * the way: every segment goes back to the pool once coded, so the next payload can grow meanwhile.
     */
    private ChunkRecord encode(ChunkPayload p) throws IOException {
        int m = codec.m();
        MessageDigest payloadSha = Sha256.newDigest();
        List<MessageDigest> digests = new ArrayList<>(m);
        List<OutputStream> outs = new ArrayList<>(m);
        try {
            for (int s = 0; s < m; s++) {
                MessageDigest d = Sha256.newDigest();
                digests.add(d);
                outs.add(new DigestOutputStream(sink.openShard(p.number(), s), d));
            }
            try (InputStream payload = p.payload().open(payloadSha)) {
                codec.encode(payload, p.length(), outs);
            }
        } finally {
            Closeables.closeAll(outs);
        }
        List<String> shardSha = new ArrayList<>(m);
        for (MessageDigest d : digests) {
            shardSha.add(Sha256.hex(d));
        }
        return new ChunkRecord(p.number(), p.length(), Sha256.hex(payloadSha), p.uncompressedOffset(),
                p.uncompressedLength(), codec.shareFileLength(p.length()), shardSha);
    }
}
