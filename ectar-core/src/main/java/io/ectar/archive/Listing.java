package io.ectar.archive;

import io.ectar.format.IndexEntry;
import java.util.List;

/**
 * An archive's entries, from the index or, without one, from reading the tar stream.
 *
 * @param entries    the entries in tar order (without an index: {@code chunk} is 0 and {@code offset} counts
 *                   tar bytes read); empty when they were given one by one to a consumer
 * @param fromIndex  whether they came from the index
 * @param lostChunks chunks that could not be read (only when there was no index)
 * @param complete   whether every entry could be listed
 */
public record Listing(List<IndexEntry> entries, boolean fromIndex, List<ChunkHealth> lostChunks, boolean complete) {

    public Listing {
        entries = List.copyOf(entries);
        lostChunks = List.copyOf(lostChunks);
    }
}
