package io.ectar.archive;

import java.util.List;

/**
 * A chunk that fewer than k good shards are left of: its data is lost. Names the chunk, what happened to
 * its shards and, when the index is there, the files it held.
 */
public final class UnrecoverableChunkException extends ArchiveException {
    private final transient ChunkHealth health;
    private final List<String> affectedFiles;

    public UnrecoverableChunkException(ChunkHealth health, List<String> affectedFiles, String advice) {
        super(message(health, affectedFiles, advice));
        this.health = health;
        this.affectedFiles = List.copyOf(affectedFiles);
    }

    /** What happened to the chunk's shards. */
    public ChunkHealth health() {
        return health;
    }

    /** Paths of the entries whose data was (partly) in the chunk, when known. */
    public List<String> affectedFiles() {
        return affectedFiles;
    }

    private static String message(ChunkHealth h, List<String> files, String advice) {
        StringBuilder s = new StringBuilder("chunk ").append(h.chunk()).append(" cannot be recovered: ")
                .append(h.describe());
        if (!files.isEmpty()) {
            s.append("; affected: ");
            int shown = Math.min(files.size(), 5);
            s.append(String.join(", ", files.subList(0, shown)));
            if (files.size() > shown) {
                s.append(" and ").append(files.size() - shown).append(" more");
            }
        }
        if (!advice.isEmpty()) {
            s.append("; ").append(advice);
        }
        return s.toString();
    }
}
