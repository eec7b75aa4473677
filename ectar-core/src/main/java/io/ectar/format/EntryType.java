package io.ectar.format;

import java.util.Locale;

/** What an archived entry is. Sockets, FIFOs and devices are never archived. */
public enum EntryType {
    /** A regular file with data. */
    FILE,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link; its target is kept verbatim and never followed. */
    SYMLINK,
    /** A hard link to an earlier {@link #FILE} entry of the same archive. */
    HARDLINK;

    /** The lower-case name used in the index and in listings, e.g. {@code "symlink"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #jsonName()}; throws {@link IllegalArgumentException} naming the bad value. */
    static EntryType fromJsonName(String name) {
        for (EntryType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown entry type '" + name + "'");
    }
}
