package io.ectar.archive;

import java.util.List;

/**
 * What an extraction did.
 *
 * @param extracted      entries written
 * @param fileBytes      bytes of file data written
 * @param refused        entries not written because they were unsafe or could not be placed, with why
 * @param lost           entries whose data was in chunks that could not be recovered (only with --partial)
 * @param lostChunks     the chunks that could not be recovered
 * @param repairedChunks chunks with missing or bad shards that were rebuilt from the others
 * @param indexProblems  what was wrong with the index file or its shards
 * @param notFound       the {@code --files} globs that matched no entry of the archive
 */
public record ExtractResult(long extracted, long fileBytes, List<Refusal> refused, List<String> lost,
        List<ChunkHealth> lostChunks, List<ChunkHealth> repairedChunks, List<String> indexProblems,
        List<String> notFound) {

    public ExtractResult {
        refused = List.copyOf(refused);
        lost = List.copyOf(lost);
        lostChunks = List.copyOf(lostChunks);
        repairedChunks = List.copyOf(repairedChunks);
        indexProblems = List.copyOf(indexProblems);
        notFound = List.copyOf(notFound);
    }

    /** An entry that was not written, and why (as archived, so an attacker's path shows as it is). */
    public record Refusal(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    /** Whether some requested data could not be recovered. */
    public boolean lostSomething() {
        return !lost.isEmpty() || !lostChunks.isEmpty();
    }
}
