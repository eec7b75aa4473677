package io.ectar.tape;

import java.util.List;
import java.util.Map;

/**
 * The shards of one chunk as read from a tape set.
 *
 * @param chunk the chunk number, from 1
 * @param shards good shard files by shard (= tape) index; at least k of them
 * @param problems what went wrong on the other tapes, one line each, naming tape and device
 */
public record ChunkShards(int chunk, Map<Integer, byte[]> shards, List<String> problems) {

    public ChunkShards {
        shards = Map.copyOf(shards);
        problems = List.copyOf(problems);
    }
}
