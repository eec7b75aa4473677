package io.ectar.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Closes a group of resources together: shard streams of one chunk, the drives of a tape set. Every one
 * is closed even when some fail, so a failing drive or disk never leaves the others open.
 */
public final class Closeables {

    private Closeables() {
    }

    /** Closes every resource in order; throws the first failure with the later ones suppressed. */
    public static void closeAll(List<? extends Closeable> resources) throws IOException {
        IOException first = null;
        for (Closeable c : resources) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
