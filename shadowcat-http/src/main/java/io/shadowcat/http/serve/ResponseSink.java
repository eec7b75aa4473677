package io.shadowcat.http.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One streamed HTTP response: text written as it comes (each write reaches the client before it returns),
 * then ended once. A write that fails (the client went away) ends the response as failed; later writes
 * report false. Not thread-safe: its {@link EventStream} serialises the calls.
 */
final class ResponseSink {

    private final Response response;
    private final Callback callback;
    private boolean ended;

    private ResponseSink(Response response, Callback callback) {
        this.response = response;
        this.callback = callback;
    }

    /**
     * Starts a response whose headers are already set: commits them at once, so the client sees the stream
     * open before the first event. Returns null when the client is already gone.
     */
    static ResponseSink open(Response response, Callback callback) {
        ResponseSink sink = new ResponseSink(response, callback);
        return sink.write(BufferUtil.EMPTY_BUFFER) ? sink : null;
    }

    /** Writes {@code bytes} and waits until they are sent; false when the client is gone. */
    boolean write(byte[] bytes) {
        return write(ByteBuffer.wrap(bytes));
    }

    private boolean write(ByteBuffer bytes) {
        if (ended) {
            return false;
        }
        try (Blocker.Callback done = Blocker.callback()) {
            response.write(false, bytes, done);
            done.block();
            return true;
        } catch (IOException | RuntimeException e) {
            ended = true;
            callback.failed(e);
            return false;
        }
    }

    /** Ends the response (the client's stream closes); no-op when already ended. */
    void end() {
        if (!ended) {
            ended = true;
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        }
    }
}
