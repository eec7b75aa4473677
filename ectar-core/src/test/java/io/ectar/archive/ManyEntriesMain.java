package io.ectar.archive;

import io.ectar.archive.internal.create.SourceEntry;
import io.ectar.archive.internal.create.TreeWalker;
import io.ectar.format.EntryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Creates, lists, extracts, verifies and describes an archive of many entries, one command per run (run by
 * {@link ChildJvm} with a small heap, so that whatever grows with the number of entries runs out of memory):
 * {@code ManyEntriesMain create DIR ENTRIES}, {@code list DIR}, {@code files DIR GLOB}, {@code extract DIR OUT},
 * {@code extract-files DIR OUT GLOB}, {@code verify DIR}, {@code info DIR}.
 *
 * <p>The entries are generated, not walked (making millions of files on disk is slow): a directory per
 * thousand entries, and empty files with names as varied as real ones, all read from one empty file.
 */
final class ManyEntriesMain {

    static final int PER_DIRECTORY = 1000;

    private ManyEntriesMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String base = dir.resolve(Archives.BASE).toString();
        switch (args[0]) {
            case "create" -> create(dir, Long.parseLong(args[2]));
            case "list" -> {
                long[] n = {0};
                try (Archive a = Archive.open(base)) {
                    a.list(PathFilter.all(), e -> n[0]++);
                }
                System.out.println("listed: " + n[0]);
            }
            case "files" -> {
                long[] n = {0};
                try (Archive a = Archive.open(base)) {
                    a.list(new PathFilter(List.of(args[2]), List.of()), e -> n[0]++);
                }
                System.out.println("listed: " + n[0]);
            }
            case "extract", "extract-files" -> {
                ExtractOptions options = ExtractOptions.defaults();
                if (args[0].equals("extract-files")) {
                    options = options.withFiles(List.of(args[3]));
                }
                try (Archive a = Archive.open(base)) {
                    ExtractResult r = new Extractor(a, options, Progress.NONE).extract(Path.of(args[2]));
                    System.out.println("extracted: " + r.extracted() + " refused: " + r.refused().size());
                }
            }
            case "verify" -> {
                try (Archive a = Archive.open(base)) {
                    VerifyReport r = new Verifier(a, Progress.NONE).verify(Verifier.Mode.FULL);
                    System.out.println("verified: " + r.filesChecked() + " problems: " + r.fileProblems().size()
                            + " lost: " + r.lostEntries().size());
                }
            }
            case "info" -> {
                try (Archive a = Archive.open(base)) {
                    ArchiveInfo i = a.info();
                    ArchiveInfo.Contents c = i.contents().orElseThrow();
                    System.out.println("entries: " + c.entries() + " files: " + c.files());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Writes {@code count} entries: directories {@code dNNNNN} each followed by its files. */
    static void create(Path dir, long count) throws Exception {
        Files.createDirectories(dir);
        Path empty = Files.createTempFile("ectar-many-", ".empty");
        Instant mtime = Instant.parse("2026-01-02T03:04:05Z");
        ArchiveCreator.EntrySource entries = visitor -> {
            for (long i = 0; i < count; i++) {
                String d = String.format("d%05d", i / PER_DIRECTORY);
                if (i % PER_DIRECTORY == 0) {
                    visitor.visit(new SourceEntry(empty, d, EntryType.DIRECTORY, 0, 0755, mtime, 1000, 1000, "user",
                            "group", null));
                    continue;
                }
                // varied names, as real ones are (an index of one repeated name compresses to nothing)
                String name = d + "/" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + ".txt";
                visitor.visit(new SourceEntry(empty, name, EntryType.FILE, 0, 0644, mtime, 1000, 1000, "user", "group",
                        null));
            }
        };
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(1 << 20);
        try (ShardSink sink = DirectoryShardSink.open(dir, Archives.BASE, false)) {
            CreateResult r = new ArchiveCreator(options, Progress.NONE).create(entries, new TreeWalker(List.of()),
                    () -> 0, Archives.BASE, sink);
            System.out.println("created: " + r.entries() + " chunks: " + r.chunks());
        } finally {
            Files.delete(empty);
        }
    }
}
