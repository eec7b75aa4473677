package io.ectar.archive;

import java.util.List;

/**
 * What {@link ArchiveCreator#create} wrote.
 *
 * @param entries           entries archived
 * @param fileBytes         bytes of file data archived
 * @param chunks            chunks written
 * @param tarBytes          bytes of the uncompressed tar stream
 * @param payloadBytes      bytes of all chunk payloads (after compression)
 * @param shardBytes        bytes of all shard files written
 * @param indexWritten      whether the index and its shards were written
 * @param warnings          what was skipped on purpose (sockets, FIFOs, devices) or changed while read
 * @param unreadable        what could not be read and is missing from the archive, one line each
 * @param changed           files that shrank (stored padded with zeros) or grew (stored cut) while read, one
 *                          line each: what is stored is not the file as it is now
 */
public record CreateResult(long entries, long fileBytes, int chunks, long tarBytes, long payloadBytes,
        long shardBytes, boolean indexWritten, List<String> warnings, List<String> unreadable,
        List<String> changed) {

    public CreateResult {
        warnings = List.copyOf(warnings);
        unreadable = List.copyOf(unreadable);
        changed = List.copyOf(changed);
    }
}
