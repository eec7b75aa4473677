package io.shadowcat.http.proxy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;

/**
 * The upstream response's body as the client gets it, shown to the recorder chunk by chunk as each is
 * read and before it is written on: a message is on its way to the tape before the client can answer it,
 * so the tape keeps the order in which the two sides saw things.
 */
final class TappedSource implements Content.Source {

    /** Sees each chunk's bytes; must not keep or change the buffer. */
    interface Tap {
        void bytes(ByteBuffer bytes);

        /** The body ended (its last chunk was read). */
        void end();
    }

    private final Content.Source source;
    private final Tap tap;
    private boolean ended;
    private long read; // body bytes read so far

    TappedSource(Content.Source source, Tap tap) {
        this.source = source;
        this.tap = tap;
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = source.read();
        if (chunk == null || Content.Chunk.isFailure(chunk)) {
            return chunk;
        }
        if (chunk.hasRemaining()) {
            read += chunk.remaining();
            tap.bytes(chunk.getByteBuffer().asReadOnlyBuffer());
        }
        // With a Content-Length the client has the whole body once its last byte is written, which can be
        // before the source reports its end in a chunk of its own: the body ends with its last byte.
        long length = source.getLength();
        if ((chunk.isLast() || (length >= 0 && read >= length)) && !ended) {
            ended = true;
            tap.end();
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        source.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        source.fail(failure);
    }

    @Override
    public long getLength() {
        return source.getLength();
    }
}
