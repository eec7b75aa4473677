package io.ectar.archive;

import java.util.List;

/**
 * What {@link Verifier} found.
 *
 * @param archive       where the archive is
 * @param mode          how thoroughly it was checked
 * @param indexOrigin   where the index came from
 * @param indexProblems what is wrong with the index file and its shards
 * @param chunks        every chunk's shards; in quick mode "recovered" means enough shards of the right size
 * @param filesChecked  files whose data was read and hashed (full mode)
 * @param fileProblems  files whose data did not match the index, or index entries not in the tar stream
 * @param lostEntries   entries whose data is in chunks that cannot be recovered
 */
public record VerifyReport(String archive, Verifier.Mode mode, IndexOrigin indexOrigin, List<String> indexProblems,
        List<ChunkHealth> chunks, long filesChecked, List<String> fileProblems, List<String> lostEntries) {

    /** The verdict. */
    public enum Status {
        /** Everything is there and right. */
        OK,
        /** Something is missing or damaged, but every byte can still be recovered. */
        DAMAGED,
        /** Some data cannot be recovered. */
        UNRECOVERABLE
    }

    public VerifyReport {
        indexProblems = List.copyOf(indexProblems);
        chunks = List.copyOf(chunks);
        fileProblems = List.copyOf(fileProblems);
        lostEntries = List.copyOf(lostEntries);
    }

    public Status status() {
        if (chunks.stream().anyMatch(c -> !c.recovered()) || !fileProblems.isEmpty() || !lostEntries.isEmpty()) {
            return Status.UNRECOVERABLE;
        }
        if (chunks.stream().anyMatch(ChunkHealth::damaged) || !indexProblems.isEmpty()) {
            return Status.DAMAGED;
        }
        return Status.OK;
    }
}
