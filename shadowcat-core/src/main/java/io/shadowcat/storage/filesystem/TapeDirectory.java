package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.support.FileMode;
import io.shadowcat.tape.TapeId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files of one tape directory: {@code ID.jsonl} (or {@code .jsonl.gz}, {@code .jsonl.zst}) and
 * {@code ID.meta.json} per tape. Housekeeping files start with a dot, which no tape id can, so they never
 * collide with a tape. Symbolic links are never followed for tape files.
 */
final class TapeDirectory {

    static final String META_SUFFIX = ".meta.json";
    /** What {@link #writeAtomically} names its temporary files: a dot, the target's name, a random suffix. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-[0-9a-f]{1,16}");

    private final Path dir;
    private final FileMode mode;

    TapeDirectory(Path dir, FileMode mode) {
        this.dir = dir;
        this.mode = mode;
    }

    Path dir() {
        return dir;
    }

    Path data(TapeId id, Compression c) {
        return dir.resolve(id.value() + c.suffix());
    }

    Path meta(TapeId id) {
        return dir.resolve(id.value() + META_SUFFIX);
    }

    /** The lock file its writer holds while the tape records (see {@link io.shadowcat.storage.support.WriterLock}). */
    Path lock(TapeId id) {
        return dir.resolve(id.value() + ".lock");
    }

    /** The stored data file and its compression, preferring a finished compressed file over a plain leftover. */
    Optional<Stored> find(TapeId id) {
        for (Compression c : Compression.LOOKUP_ORDER) {
            Path p = data(id, c);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(new Stored(p, c));
            }
        }
        return Optional.empty();
    }

    boolean exists(TapeId id) {
        return find(id).isPresent() || Files.isRegularFile(meta(id), LinkOption.NOFOLLOW_LINKS);
    }

    /** A data file found on disk. */
    record Stored(Path path, Compression compression) {

        /** Opens the uncompressed bytes; the file must not be a symbolic link. */
        InputStream open() throws IOException {
            InputStream raw = Channels.newInputStream(
                    Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            return compression.decompress(new BufferedInputStream(raw, 64 * 1024));
        }
    }

    /** Something that writes a file's content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} atomically: writes a temporary file beside it, forces it to disk, renames it over
     * the target and forces the directory, so a reader sees the old file or the new one, never a mix.
     */
    void writeAtomically(Path target, Content content) throws IOException {
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    mode.fileAttributes())) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                content.writeTo(nonClosing(out));
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The temporary files of {@link #writeAtomically} in the directory, whoever is (or was) writing them. */
    List<Path> temporaryFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (TEMPORARY.matcher(p.getFileName().toString()).matches()
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Makes renames and deletions in the directory durable (a no-op where the platform cannot). */
    void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }

    /** A view of {@code out} whose close only flushes, for writers that close what they are given. */
    static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Deletes a file if present; true when something was deleted. */
    static boolean deleteQuietly(Path p) throws IOException {
        try {
            return Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
