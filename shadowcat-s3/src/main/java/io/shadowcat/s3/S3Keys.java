package io.shadowcat.s3;

import io.shadowcat.tape.TapeId;
import java.time.Instant;
import java.util.Optional;

/**
 * The keys of one store (README "s3", layout): every key starts with the store's prefix.
 *
 * <pre>
 * PREFIX shadowcat-s3.json                         the store's marker: its presence makes the store exist
 * PREFIX tapes/ID/meta.json                        the tape's meta object (created with If-None-Match: *)
 * PREFIX tapes/ID/GEN/0000000000.jsonl[.zst]       its JSON Lines records, in objects read in key order:
 *                                                  segments while recording, one object once saved or compacted
 * PREFIX index/S/TIME-ID.json                      a copy of the meta object; in each of the 16 shards S (a
 *                                                  hex digit of the id's hash) keys sort newest first
 * </pre>
 */
final class S3Keys {

    // Instant seconds span +-3.2e16: this offset keeps every inverted time positive and 19 digits wide.
    private static final long TIME_OFFSET = 4_000_000_000_000_000_000L;
    /** Index shards, listed at once: a listing takes as many round trips as its largest shard has pages. */
    static final int SHARDS = 16;
    private static final int TIME_WIDTH = 19 + 1 + 9; // SECONDS.NANOS, inverted

    private final String prefix;

    S3Keys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String marker() {
        return prefix + "shadowcat-s3.json";
    }

    /** A throwaway key of the conditional-create probe. */
    String probe(String token) {
        return prefix + "probe/" + token;
    }

    String tapeFolder(TapeId id) {
        return prefix + "tapes/" + id.value() + "/";
    }

    String meta(TapeId id) {
        return tapeFolder(id) + "meta.json";
    }

    /** The folder of one generation of a tape's records: a replaced tape gets a new one. */
    String generation(TapeId id, String generation) {
        return tapeFolder(id) + generation + "/";
    }

    /** Object {@code number} of a generation; numbers are zero-padded so that key order is record order. */
    String records(TapeId id, String generation, long number, Codec codec) {
        return generation(id, generation) + String.format("%010d", number) + codec.suffix();
    }

    String indexFolder() {
        return prefix + "index/";
    }

    /** The folder of index shard {@code shard} (0 to {@link #SHARDS} - 1). */
    String indexShard(int shard) {
        return indexFolder() + Integer.toHexString(shard) + "/";
    }

    /**
     * The tape's index entry, in the shard its id hashes to (String.hashCode is specified, so every process
     * agrees); within a shard, and merged across shards by {@link IndexKey#order}, newest first, then by id,
     * as {@code TapeQuery.NEWEST_FIRST}.
     */
    String index(TapeId id, Instant created) {
        long inverted = TIME_OFFSET - created.getEpochSecond();
        return indexShard(Math.floorMod(id.value().hashCode(), SHARDS))
                + String.format("%019d.%09d-%s.json", inverted, 999_999_999 - created.getNano(), id.value());
    }

    /** The tape id and creation time an index key names, or empty for a key that is no index entry. */
    static Optional<IndexKey> parseIndex(String shardFolder, String key, String etag) {
        if (!key.startsWith(shardFolder) || !key.endsWith(".json")
                || key.length() < shardFolder.length() + TIME_WIDTH + 7) {
            return Optional.empty();
        }
        String name = key.substring(shardFolder.length(), key.length() - ".json".length());
        try {
            long seconds = TIME_OFFSET - Long.parseLong(name.substring(0, 19));
            int nanos = 999_999_999 - Integer.parseInt(name.substring(20, 29));
            String id = name.substring(TIME_WIDTH + 1);
            if (name.charAt(19) != '.' || name.charAt(TIME_WIDTH) != '-' || !TapeId.isValid(id)) {
                return Optional.empty();
            }
            return Optional.of(new IndexKey(key, TapeId.of(id), Instant.ofEpochSecond(seconds, nanos), etag,
                    name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An index entry's key, read back, with the ETag the listing gave.
     *
     * @param order the key within its shard ({@code TIME-ID}): entries sorted by it are in listing order
     */
    record IndexKey(String key, TapeId id, Instant created, String etag, String order) {
    }
}
