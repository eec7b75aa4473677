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

    /**
     * The page at {@code offset}, at most {@code limit} long, of {@code all} (every result, already in order):
     * the paging every listing and search does, written once.
     */
    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        int to = (int) Math.min((long) from + limit, all.size());
        return new Page<>(all.subList(from, to), all.size(), offset, limit);
    }

    /** True when results follow this page. */
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
