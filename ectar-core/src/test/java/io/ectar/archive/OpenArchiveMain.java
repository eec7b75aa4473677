package io.ectar.archive;

import io.ectar.format.IndexEntry;

/**
 * Opens an archive and prints where its index came from, what was wrong with it and how many entries it
 * lists (run by {@link ChildJvm} with a small heap): {@code OpenArchiveMain BASE}.
 */
final class OpenArchiveMain {

    private OpenArchiveMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Archive a = Archive.open(args[0])) {
            System.out.println("origin: " + a.indexOrigin());
            a.indexProblems().forEach(p -> System.out.println("problem: " + p));
            long entries = 0;
            for (IndexEntry e : a.list(PathFilter.all()).entries()) {
                entries++;
            }
            System.out.println("entries: " + entries);
        }
    }
}
