package io.ectar.archive.internal.create;

import io.ectar.format.EntryType;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One file-system object found by the walk, with the metadata the archive keeps.
 *
 * @param file       where it is on disk
 * @param storedPath the path it gets in the archive ({@code top/sub/name}, no trailing slash)
 * @param linkTarget symlink target, or the stored path of the first hard link; null otherwise
 */
public record SourceEntry(Path file, String storedPath, EntryType type, long size, int mode, Instant mtime,
        long uid, long gid, String user, String group, String linkTarget) {
}
