package io.shadowcat.storage.query;

import java.util.List;

/**
 * One page of results.
 *
 * @param total how many results match in all, across pages
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public Page {
        items = List.copyOf(items);
    }

    /** True when results follow this page. */
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
