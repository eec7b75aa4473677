package io.ectar.format;

import java.time.Instant;
import java.util.Objects;

/**
 * One archived entry as the index records it.
 *
 * @param path       the stored path, relative, {@code /}-separated, no trailing slash (e.g. {@code data/a.txt})
 * @param type       what the entry is
 * @param size       bytes of file data (0 for everything but files)
 * @param mode       permission bits, {@code 07777} at most
 * @param mtime      modification time, with the precision the file system gave
 * @param uid        numeric owner
 * @param gid        numeric group
 * @param user       owner name, or {@code null} when unknown
 * @param group      group name, or {@code null} when unknown
 * @param linkTarget symlink target or hard-link target path; {@code null} for files and directories
 * @param sha256     lower-case hex SHA-256 of the file data; {@code null} unless a {@link EntryType#FILE}
 * @param chunk      number of the chunk where the entry's tar header starts (from 1)
 * @param offset     offset of the entry's first tar header in the whole uncompressed tar stream
 */
public record IndexEntry(String path, EntryType type, long size, int mode, Instant mtime, long uid, long gid,
        String user, String group, String linkTarget, String sha256, int chunk, long offset) {

    public IndexEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        if (size < 0 || offset < 0) {
            throw new IllegalArgumentException("negative size or offset for " + path);
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path
                    + " has bits outside 07777");
        }
    }

    /** The mode as four octal digits, e.g. {@code "0644"}. */
    public String octalMode() {
        return ZeroPadded.octal(mode, 4);
    }
}
