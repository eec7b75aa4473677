package io.shadowcat.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one direction of the session byte for byte, flushing after every read so that no message waits
 * in the proxy, then hands the relayed bytes to a {@link LineSplitter} for recording. Relaying comes
 * first: the recorder only ever sees bytes that were already delivered.
 */
final class RelayPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayPump.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final InputStream from;
    private final OutputStream to;
    private final boolean closeDestinationAtEnd;
    private final LineSplitter splitter;
    private volatile boolean destinationFailed;

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
                long nanos = System.nanoTime();
                if (!destinationFailed && write(buffer, n)) {
                    splitter.feed(buffer, 0, n, nanos);
                }
                // once the destination is gone, keep draining the source so its writer never blocks
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

    private boolean write(byte[] buffer, int n) {
        try {
            to.write(buffer, 0, n);
            to.flush();
            return true;
        } catch (IOException e) {
            destinationFailed = true;
            LOG.debug("{}: destination closed: {}", name, e.toString());
            return false;
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
