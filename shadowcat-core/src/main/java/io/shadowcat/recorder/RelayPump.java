package io.shadowcat.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one direction of the session byte for byte, flushing after every read so that no message waits
 * in the proxy, and hands the bytes to a {@link LineSplitter} for recording.
 *
 * <p>A line is queued for recording just before it is delivered, never after: the other side cannot
 * answer a message it has not received, so an answer is always queued after its request and the tape
 * keeps cause before effect (queuing after delivery let a fast server's response overtake its request).
 *
 * <p>Threads: one pump runs on one thread, which owns its buffer and its {@link LineSplitter}; lines leave
 * it only through {@link CaptureQueue#offer}, the recorder's one hand-off.
 */
final class RelayPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayPump.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final InputStream from;
    private final OutputStream to;
    private final boolean closeDestinationAtEnd;
    private final LineSplitter splitter;
    private volatile boolean destinationFailed; // written by the pump's thread, read by any

    /**
     * @param closeDestinationAtEnd true to pass end-of-stream on (the client closing stdin closes the
     *     server's stdin); false to leave the destination open (our own stdout)
     */
    RelayPump(String name, InputStream from, OutputStream to, boolean closeDestinationAtEnd, LineSplitter splitter) {
        this.name = name;
        this.from = from;
        this.to = to;
        this.closeDestinationAtEnd = closeDestinationAtEnd;
        this.splitter = splitter;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (destinationFailed) {
                    continue; // keep draining the source so its writer never blocks
                }
                splitter.feed(buffer, 0, n, System.nanoTime());
                write(buffer, n);
            }
            splitter.finish(System.nanoTime());
        } catch (IOException e) {
            LOG.debug("{}: source closed: {}", name, e.toString());
        } finally {
            if (closeDestinationAtEnd) {
                closeQuietly();
            }
        }
    }

    /** True when the destination stopped accepting bytes (e.g. the server exited). */
    boolean destinationFailed() {
        return destinationFailed;
    }

    private void write(byte[] buffer, int n) {
        try {
            to.write(buffer, 0, n);
            to.flush();
        } catch (IOException e) {
            // the lines of this last chunk are on the tape although they never arrived
            destinationFailed = true;
            LOG.debug("{}: destination closed: {}", name, e.toString());
        }
    }

    private void closeQuietly() {
        try {
            to.close();
        } catch (IOException e) {
            LOG.debug("{}: closing destination: {}", name, e.toString());
        }
    }
}
