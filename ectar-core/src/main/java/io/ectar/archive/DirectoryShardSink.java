package io.ectar.archive;

import io.ectar.archive.internal.create.ArchiveLock;
import io.ectar.format.ArchiveParameters;
import io.ectar.internal.io.DurableFiles;
import io.ectar.internal.io.PendingSyncs;
import io.ectar.format.ArchiveNames;
import io.ectar.format.ShardName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards as files {@code BASE.cNNN.sMM} in one directory, next to {@code BASE.index.zst},
 * {@code BASE.index.sMM} and {@code BASE.RECOVERY.txt}. Shard files are fsynced after they are closed, in
 * the background, so that coding goes on meanwhile; index shards and the recovery text are written under a
 * temporary name, fsynced and renamed, also in the background. Committing the index waits for all of that,
 * fsyncs the directory, then writes the index by temporary name, fsync and rename; the directory is
 * fsynced again at the end.
 *
 * <p>From {@link #open} to {@link #close} the sink holds the {@link ArchiveLock} of its base name, so two
 * creates of one archive (even with {@code --force}) cannot replace or clean up each other's files; a
 * failed run removes only files it created itself.
 */
public final class DirectoryShardSink implements ShardSink {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryShardSink.class);

    private final Path dir;
    private final ArchiveNames names;
    private final ConcurrentLinkedDeque<Path> written = new ConcurrentLinkedDeque<>();
    private final PendingSyncs syncs = new PendingSyncs();
    private final ArchiveLock lock;

    private DirectoryShardSink(Path dir, ArchiveNames names, ArchiveLock lock) {
        this.dir = dir;
        this.names = names;
        this.lock = lock;
    }

    /**
     * Prepares to write archive {@code base} in {@code dir}.
     *
     * @param replace delete an existing archive of the same base name (its index first) instead of refusing
     * @throws ArchiveExistsException when files of that archive exist and {@code replace} is false
     * @throws ArchiveBusyException when another run is writing an archive of that base name in {@code dir}
     */
    public static DirectoryShardSink open(Path dir, String base, boolean replace) throws IOException {
        ArchiveNames names = new ArchiveNames(base);
        if (!Files.isDirectory(dir)) {
            throw new ArchiveException("output directory " + dir + " does not exist; create it first");
        }
        ArchiveLock lock = ArchiveLock.acquire(dir, base);
        try {
            clearFor(dir, names, replace);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new DirectoryShardSink(dir, names, lock);
    }

    /** Refuses to write over an existing archive of that name, or deletes it when {@code replace}. */
    private static void clearFor(Path dir, ArchiveNames names, boolean replace) throws IOException {
        String base = names.base();
        List<Path> existing = existingFiles(dir, names);
        if (!existing.isEmpty()) {
            if (!replace) {
                throw new ArchiveExistsException("archive '" + base + "' already exists in " + dir + " ("
                        + existing.get(0).getFileName() + (existing.size() > 1 ? " and " + (existing.size() - 1)
                        + " more files" : "") + "); choose another -o or pass --force to replace it");
            }
            // The index goes first so that no index ever describes a half-deleted archive.
            existing.sort((a, b) -> Boolean.compare(!isIndex(a, names), !isIndex(b, names)));
            for (Path p : existing) {
                Files.deleteIfExists(p);
            }
            DurableFiles.syncDirectory(dir);
            LOG.info("replaced the existing archive '{}' ({} files)", base, existing.size());
        }
    }

    private static boolean isIndex(Path p, ArchiveNames names) {
        return p.getFileName().toString().equals(names.indexFile());
    }

    private static List<Path> existingFiles(Path dir, ArchiveNames names) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                boolean ours = n.equals(names.indexFile()) || n.equals(names.recoveryFile())
                        || names.indexShardNumber(n).isPresent()
                        || ShardName.parse(n).filter(s -> s.base().equals(names.base())).isPresent();
                if (ours) {
                    found.add(p);
                }
            }
        }
        found.sort(null);
        return found;
    }

    @Override
    public ArchiveParameters.Layout layout() {
        return ArchiveParameters.Layout.DIRECTORY;
    }

    @Override
    public String describe() {
        return dir.resolve(names.base()) + " (" + names.base() + ".c*.s* in " + dir + ")";
    }

    @Override
    public OutputStream openShard(int chunk, int shard) throws IOException {
        Path file = dir.resolve(names.shard(chunk, shard));
        OutputStream out = DurableFiles.createNew(file, syncs);
        written.add(file); // only once it is ours: abort() must never remove another writer's file
        return out;
    }

    @Override
    public OutputStream openIndexShard(int shard) throws IOException {
        Path file = dir.resolve(names.indexShard(shard));
        Path temp = temp(file);
        written.add(temp);
        written.add(file);
        return DurableFiles.replacing(file, temp, syncs);
    }

    @Override
    public void writeRecoveryText(String text) throws IOException {
        Path file = dir.resolve(names.recoveryFile());
        written.add(temp(file));
        written.add(file);
        DurableFiles.writeAtomically(file, temp(file), text.getBytes(StandardCharsets.UTF_8), syncs);
    }

    @Override
    public void commitIndex(CompressedIndex compressedIndex) throws IOException {
        // Every shard's bytes and name must be durable before an index can claim it.
        syncs.await();
        DurableFiles.syncDirectory(dir);
        Path file = dir.resolve(names.indexFile());
        written.addFirst(temp(file));
        written.addFirst(file);
        try (OutputStream out = DurableFiles.replacing(file, temp(file), null);
                java.io.InputStream in = compressedIndex.open()) {
            in.transferTo(out);
        }
    }

    @Override
    public void finish() throws IOException {
        syncs.await();
        DurableFiles.syncDirectory(dir);
        written.clear();
    }

    @Override
    public void abort() {
        syncs.drain(); // a rename still under way must not bring a file back after the cleanup
        for (Path p : written) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not remove {} after the failure: {}", p, e.getMessage());
            }
        }
        written.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            syncs.close();
        } finally {
            lock.close();
        }
    }

    private static Path temp(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".ectar-tmp");
    }
}
