package io.ectar.archive.internal.read;

import java.time.Instant;

/**
 * One tar entry's header as archived, with pax and GNU long-name extensions applied and nothing
 * sanitised: {@code name} is exactly what the archive says (it may be absolute or contain {@code ..}).
 *
 * @param type     the ustar type flag ({@code '0'} file, {@code '1'} hard link, {@code '2'} symlink,
 *                 {@code '5'} directory, {@code '3' '4' '6'} devices and FIFOs, ...)
 * @param offset   where its first header record (pax or GNU extension included) starts, counted in bytes
 *                 handed out by the underlying stream
 * @param problem  why the entry cannot be taken as archived (a name that is not UTF-8, an oversized or
 *                 malformed extended header, a bad pax number), or null; the stream itself is still in step
 */
public record TarHeader(String name, char type, long size, int mode, Instant mtime, long uid, long gid, String user,
        String group, String linkName, long offset, String problem) {

    public boolean isFile() {
        return type == '0' || type == 0 || type == '7';
    }

    public boolean isDirectory() {
        return type == '5';
    }

    public boolean isSymlink() {
        return type == '2';
    }

    public boolean isHardLink() {
        return type == '1';
    }

    /** The name without a trailing slash (directories carry one). */
    public String path() {
        String n = name;
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
