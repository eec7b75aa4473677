package io.ectar.archive;

import io.ectar.format.ArchiveNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: writing, copying and damaging archives in directories. */
public final class Archives {

    public static final String BASE = "bk.v1";

    private Archives() {
    }

    public static CreateResult create(Path dir, CreateOptions options, Path... inputs) throws IOException {
        Files.createDirectories(dir);
        try (ShardSink sink = DirectoryShardSink.open(dir, BASE, false)) {
            return new ArchiveCreator(options, Progress.NONE).create(List.of(inputs), BASE, sink);
        }
    }

    public static ExtractResult extract(Path dir, Path out, ExtractOptions options) throws IOException {
        try (Archive a = Archive.open(dir.resolve(BASE).toString())) {
            return new Extractor(a, options, Progress.NONE).extract(out);
        }
    }

    public static VerifyReport verify(Path dir, Verifier.Mode mode) throws IOException {
        try (Archive a = Archive.open(dir.resolve(BASE).toString())) {
            return new Verifier(a, Progress.NONE).verify(mode);
        }
    }

    public static Path shard(Path dir, int chunk, int shard) {
        return dir.resolve(new ArchiveNames(BASE).shard(chunk, shard));
    }

    /** Copies every file of the archive directory into a new directory. */
    static Path copy(Path dir, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    public static void deleteIndex(Path dir, boolean alsoShards) throws IOException {
        ArchiveNames names = new ArchiveNames(BASE);
        Files.delete(dir.resolve(names.indexFile()));
        if (alsoShards) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (names.indexShardNumber(f.getFileName().toString()).isPresent()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    public static int chunkCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().matches(".*\\.c\\d+\\.s00")).count();
        }
    }
}
