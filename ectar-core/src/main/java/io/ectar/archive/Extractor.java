package io.ectar.archive;

import io.ectar.archive.internal.extract.ModificationTimes;
import io.ectar.archive.internal.extract.PendingDirectories;
import io.ectar.archive.internal.extract.SafePaths;
import io.ectar.archive.internal.extract.WrittenPaths;
import io.ectar.archive.internal.read.EntryStream;
import io.ectar.archive.internal.read.TarHeader;
import io.ectar.archive.internal.read.TarReader;
import io.ectar.internal.io.OverlappedSha256;
import io.ectar.internal.io.Sha256;
import io.ectar.internal.io.SlicedWrites;
import io.ectar.format.IndexEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts an archive into a directory, safely and verifiably.
 *
 * <p>Nothing is ever written outside the output directory: entries with absolute paths or {@code ..} are
 * refused, and so is every entry whose path goes through a symbolic link (one from the archive or one that
 * was already there): links are created, never followed. Each file is written under a temporary name, its
 * SHA-256 checked against the index, then renamed into place. Existing files are only replaced with
 * {@code force}. Directory modes and times are applied at the end, deepest first.
 *
 * <p>Damaged or missing shards are repaired from the others. A chunk that cannot be recovered stops the
 * extraction, or with {@code partial} is reported and skipped: every entry outside it is still extracted.
 */
public final class Extractor {

    private static final Logger LOG = LoggerFactory.getLogger(Extractor.class);
    private static final boolean ROOT = isRoot();
    private static final String TEMP_PREFIX = ".ectar-tmp-";
    private static final Pattern OUR_TEMP = Pattern.compile(Pattern.quote(TEMP_PREFIX) + "(\\d{1,18})-[0-9a-f]{1,16}");
    private static final long PID = ProcessHandle.current().pid();

    private final Archive archive;
    private final ExtractOptions options;
    private final Progress progress;
    private final PathFilter filter;
    private final List<ExtractResult.Refusal> refused = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final List<ChunkHealth> lostChunks = new ArrayList<>();
    // Bounded whatever the archive holds: an extract of ten million files keeps no object per file.
    private final WrittenPaths written = new WrittenPaths();
    private final PendingDirectories directories = new PendingDirectories();
    private final Set<Path> swept = recentlySwept();
    private final byte[] buffer = new byte[1 << 20];
    private final byte[] spare = new byte[1 << 20];
    private final OverlappedSha256 overlapped = new OverlappedSha256();
    private Path root;
    private long extracted;
    private long fileBytes;

    public Extractor(Archive archive, ExtractOptions options, Progress progress) {
        this.archive = archive;
        this.options = options;
        this.progress = progress;
        this.filter = new PathFilter(options.files(), options.excludes());
    }

    /**
     * Extracts into {@code outputDir} (created when missing).
     *
     * @throws UnrecoverableChunkException when a chunk is lost and {@code partial} is off (what was extracted
     *                                     before it stays)
     */
    public ExtractResult extract(Path outputDir) throws IOException {
        root = outputRoot(outputDir);
        long total = archive.index().map(i -> i.entries().fileBytes()).orElse(-1L);
        progress.start("extracting", total);
        List<ChunkHealth> health;
        try (EntryStream entries = archive.entries(false)) {
            while (true) {
                EntryStream.Event event = entries.next();
                if (event instanceof EntryStream.Entry e) {
                    entry(e, entries);
                } else if (event instanceof EntryStream.Loss l) {
                    loss(l);
                } else {
                    break;
                }
            }
            health = entries.chunkHealth();
        } catch (IOException | RuntimeException | Error failed) {
            // What was extracted before the failure gets its directories' modes and times all the same.
            try {
                applyDirectoryTimes();
            } catch (IOException | RuntimeException also) {
                failed.addSuppressed(also);
            }
            try {
                written.close();
                directories.close();
            } catch (IOException also) {
                failed.addSuppressed(also);
            }
            throw failed;
        } finally {
            overlapped.close();
            progress.finish();
        }
        try {
            applyDirectoryTimes();
        } finally {
            written.close();
            directories.close();
        }
        Set<Integer> notGiven = archive.source().shardsNotGiven();
        List<ChunkHealth> repaired = health.stream().filter(h -> h.recovered() && h.damagedApartFrom(notGiven))
                .toList();
        return new ExtractResult(extracted, fileBytes, refused, lost, lostChunks, repaired, archive.indexProblems(),
                filter.unmatchedIncludes());
    }

    private void loss(EntryStream.Loss l) throws ArchiveException {
        List<String> affected = l.affected().stream().filter(p -> {
            SafePaths.Checked c = SafePaths.check(p);
            return !c.refused() && filter.accepts(String.join("/", c.names()));
        }).toList();
        if (!options.partial()) {
            String advice = "rerun with --partial to extract everything else";
            if (l.chunks().isEmpty()) {
                throw new DataLostException("the archive ends early: its last chunks are missing (and no index"
                        + " says how many there were)" + (affected.isEmpty() ? "" : "; affected: "
                        + String.join(", ", affected.subList(0, Math.min(5, affected.size()))))
                        + "; " + advice);
            }
            throw new UnrecoverableChunkException(l.chunks().get(0), affected, advice);
        }
        lostChunks.addAll(l.chunks());
        lost.addAll(affected);
        for (ChunkHealth h : l.chunks()) {
            LOG.warn("chunk {} cannot be recovered: {}", h.chunk(), h.describe());
        }
        if (l.endsEarly()) {
            LOG.warn("the archive ends early: its last chunks are missing");
        }
        for (String p : affected) {
            LOG.warn("lost: {}", p);
        }
    }

    private void entry(EntryStream.Entry e, EntryStream entries) throws IOException {
        TarHeader h = e.header();
        if (h.problem() != null) {
            refuse(h.name(), h.problem() + "; not extracted");
            return;
        }
        SafePaths.Checked checked = SafePaths.check(h.name());
        if (checked.refused()) {
            refuse(h.name(), checked.refusal());
            return;
        }
        if (!filter.accepts(String.join("/", checked.names()))) {
            return;
        }
        List<String> names = SafePaths.strip(checked.names(), options.stripComponents());
        if (names.isEmpty()) {
            return;
        }
        if (!h.isFile() && !h.isDirectory() && !h.isSymlink() && !h.isHardLink()) {
            refuse(h.name(), "a device, FIFO or unknown entry type '" + h.type() + "'; not extracted");
            return;
        }
        Path target;
        try {
            target = resolve(names);
        } catch (InvalidPathException unmappable) {
            // (only when this Java maps file names through a locale that is not UTF-8: see FileNames)
            refuse(h.name(), "its name cannot be represented in this Java's file name encoding "
                    + FileNames.JNU.name() + "; run with a UTF-8 locale (LC_ALL=C.UTF-8)");
            return;
        }
        try {
            Optional<String> blocked = prepareParents(names);
            if (blocked.isPresent()) {
                refuse(h.name(), blocked.get());
                return;
            }
            if (h.isDirectory()) {
                directory(h, target, names.size());
                return;
            }
            String inTheWay = inTheWay(target);
            if (inTheWay != null) {
                refuse(h.name(), inTheWay);
                return;
            }
            if (h.isFile()) {
                file(h, target, e, entries);
            } else if (h.isSymlink()) {
                symlink(h, target);
            } else {
                hardLink(h, target);
            }
        } catch (ReadFailure r) {
            throw r.getCause();
        } catch (ArchiveException archiveSide) {
            throw archiveSide;
        } catch (IOException writing) {
            // everything else here is the output's file system: a full disk, a read-only one, no permission
            throw cannotWrite(target, writing);
        }
    }

    /** The output directory, created when missing, as a real path; refused when it is not a directory. */
    private static Path outputRoot(Path outputDir) throws IOException {
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw notADirectory(outputDir);
        }
        try {
            Files.createDirectories(outputDir);
            return outputDir.toRealPath();
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw notADirectory(outputDir);
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason())) {
                throw notADirectory(outputDir); // a file above it
            }
            throw cannotWrite(outputDir, e);
        }
    }

    private static ArchiveException notADirectory(Path outputDir) {
        Path file = outputDir.toAbsolutePath();
        while (file.getParent() != null && !Files.exists(file)) {
            file = file.getParent(); // the file above the output directory that is in the way
        }
        String shown = FileNames.printable(outputDir);
        return new ArchiveException(file.equals(outputDir.toAbsolutePath())
                ? shown + ": not a directory; extract into a directory (a missing one is created)"
                : shown + ": " + FileNames.printable(file) + " is not a directory");
    }

    /**
     * A failure to write {@code target} on the output's file system, as one line that names it and says why;
     * a full disk also says what to do.
     */
    static ArchiveException cannotWrite(Path target, IOException e) {
        String reason = e.getMessage();
        if (e instanceof FileSystemException f) {
            reason = f.getReason() != null ? f.getReason()
                    : e instanceof AccessDeniedException ? "Permission denied"
                    : e instanceof NoSuchFileException ? "No such file or directory"
                    : e instanceof FileAlreadyExistsException ? "File exists"
                    : e.getClass().getSimpleName();
        }
        if (reason == null) {
            reason = e.getClass().getSimpleName();
        }
        String advice = "";
        if (reason.equalsIgnoreCase("No space left on device") || reason.equalsIgnoreCase("Disk quota exceeded")) {
            advice = "; what was extracted before it stays: free some space, then extract again with --force";
        }
        String shown = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        return new ArchiveException(FileNames.printable(target) + ": " + shown + advice, e);
    }

    private void refuse(String archivedPath, String reason) {
        LOG.warn("refused {}: {}", shown(archivedPath), reason);
        refused.add(new ExtractResult.Refusal(archivedPath, reason));
    }

    private Path resolve(List<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }

    /**
     * Creates the missing parent directories of {@code names}; refuses to go through anything that is not a
     * real directory, symbolic links above all. Returns why it refused, if it did.
     */
    private Optional<String> prepareParents(List<String> names) throws IOException {
        Path p = root;
        for (int i = 0; i < names.size() - 1; i++) {
            p = p.resolve(names.get(i));
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                Files.createDirectory(p);
            } else if (a.isSymbolicLink()) {
                return Optional.of("its parent " + String.join("/", names.subList(0, i + 1))
                        + " is a symbolic link, which extraction never follows");
            } else if (!a.isDirectory()) {
                return Optional.of("its parent " + String.join("/", names.subList(0, i + 1)) + " is not a directory");
            }
        }
        return Optional.empty();
    }

    /** Why {@code target} may not be replaced, or null. */
    private String inTheWay(Path target) throws IOException {
        BasicFileAttributes a = attributes(target);
        if (a == null || written.contains(target)) {
            return a != null && a.isDirectory() ? "a directory is in the way" : null;
        }
        if (a.isDirectory()) {
            return "a directory is in the way";
        }
        return options.force() ? null : "already exists in the output directory; use --force to replace it";
    }

    private void directory(TarHeader h, Path target, int depth) throws IOException {
        BasicFileAttributes a = attributes(target);
        if (a != null && !a.isDirectory()) {
            if (!options.force() && !written.contains(target) || a.isSymbolicLink() && !options.force()) {
                refuse(h.name(), "a file or link of that name is in the way; use --force to replace it");
                return;
            }
            Files.delete(target);
            a = null;
        }
        if (a == null) {
            Files.createDirectory(target);
        }
        directories.add(target, depth, h);
        extracted++;
    }

    private void file(TarHeader h, Path target, EntryStream.Entry e, EntryStream entries) throws IOException {
        Path temp = temporary(target);
        String sha;
        long copied;
        try (OutputStream out = new SlicedWrites(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            InputStream in = e.data();
            int n = read(in, buffer);
            if (n < buffer.length) {
                // Fits in one buffer, like most files: hashed here, a hand-over would cost more.
                out.write(buffer, 0, n);
                progress.advance(n);
                copied = n;
                sha = Sha256.of(buffer, 0, n);
            } else {
                copied = copyHashingAside(in, out, n);
                sha = overlapped.hex();
            }
        } catch (DataLostException gone) {
            Files.deleteIfExists(temp);
            entries.dataLost(gone);
            return;
        } catch (IOException | RuntimeException | Error failed) {
            // (an Error too: an OutOfMemoryError or an interrupt must not leave the temporary file behind)
            deleteQuietly(temp, failed);
            throw failed;
        }
        IndexEntry indexed = e.indexed();
        if (indexed != null && indexed.sha256() != null && !indexed.sha256().equals(sha)) {
            Files.deleteIfExists(temp);
            refuse(h.name(), "its data does not match the SHA-256 in the index; not written");
            return;
        }
        try {
            applyMetadata(temp, h, false);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error failed) {
            deleteQuietly(temp, failed);
            throw failed;
        }
        written.add(target);
        extracted++;
        fileBytes += copied;
    }

    /**
     * Writes a large file's data, {@code first} bytes of it already in {@code buffer}, hashing each buffer on
     * the helper thread while the next one is written and filled (two buffers take turns).
     */
    private long copyHashingAside(InputStream in, OutputStream out, int first) throws IOException {
        overlapped.reset();
        byte[] current = buffer;
        byte[] next = spare;
        long copied = 0;
        int n = first;
        while (n > 0) {
            overlapped.update(current, n);
            out.write(current, 0, n);
            progress.advance(n);
            copied += n;
            n = read(in, next);
            byte[] written = current;
            current = next;
            next = written;
        }
        return copied;
    }

    /** Reads the archive's bytes of a file; its failures are kept apart from those of writing the file. */
    private static int read(InputStream in, byte[] into) throws IOException {
        try {
            return in.readNBytes(into, 0, into.length);
        } catch (ArchiveException archiveSide) {
            throw archiveSide;
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    /** A failure to read the archive, carried past the handling of failures to write the output. */
    private static final class ReadFailure extends IOException {
        ReadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private void symlink(TarHeader h, Path target) throws IOException {
        if (h.linkName() == null) {
            refuse(h.name(), "symbolic link without a target");
            return;
        }
        if (h.linkName().indexOf('\0') >= 0) {
            refuse(h.name(), "its target contains a NUL character; not extracted");
            return;
        }
        Path link;
        try {
            link = Path.of(h.linkName());
        } catch (InvalidPathException unmappable) {
            refuse(h.name(), "its target cannot be represented in this Java's file name encoding "
                    + FileNames.JNU.name() + "; run with a UTF-8 locale (LC_ALL=C.UTF-8)");
            return;
        }
        Path temp = temporary(target);
        Files.createSymbolicLink(temp, link);
        try {
            applyMetadata(temp, h, true);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error failed) {
            deleteQuietly(temp, failed);
            throw failed;
        }
        written.add(target);
        extracted++;
    }

    private void hardLink(TarHeader h, Path target) throws IOException {
        SafePaths.Checked link = SafePaths.check(h.linkName());
        if (link.refused()) {
            refuse(h.name(), "hard link to an unsafe path (" + link.refusal() + ")");
            return;
        }
        List<String> names = SafePaths.strip(link.names(), options.stripComponents());
        if (names.isEmpty()) {
            refuse(h.name(), "hard link target " + h.linkName() + " was not extracted");
            return;
        }
        Optional<String> through = throughLinks(names);
        if (through.isPresent()) {
            refuse(h.name(), "hard link target " + h.linkName() + " " + through.get());
            return;
        }
        Path existing = resolve(names);
        BasicFileAttributes a = attributes(existing);
        if (a == null || !a.isRegularFile() || !written.contains(existing)) {
            refuse(h.name(), "hard link target " + h.linkName() + " was not extracted");
            return;
        }
        Path temp = temporary(target);
        Files.createLink(temp, existing);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error failed) {
            deleteQuietly(temp, failed);
            throw failed;
        }
        written.add(target);
        extracted++;
    }

    /** Whether a path inside the output goes through a symbolic link, saying which; empty when it does not. */
    private Optional<String> throughLinks(List<String> names) throws IOException {
        Path p = root;
        for (int i = 0; i < names.size() - 1; i++) {
            p = p.resolve(names.get(i));
            BasicFileAttributes a = attributes(p);
            if (a != null && a.isSymbolicLink()) {
                return Optional.of("goes through the symbolic link " + String.join("/", names.subList(0, i + 1)));
            }
        }
        return Optional.empty();
    }

    private void applyMetadata(Path p, TarHeader h, boolean link) throws IOException {
        if (!link) {
            Files.setAttribute(p, "unix:mode", h.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        if (ROOT) {
            try {
                Files.setAttribute(p, "unix:uid", (int) h.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", (int) h.gid(), LinkOption.NOFOLLOW_LINKS);
                if (!link && (h.mode() & 06000) != 0) {
                    Files.setAttribute(p, "unix:mode", h.mode(), LinkOption.NOFOLLOW_LINKS); // chown clears set-id bits
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot set the owner of {}: {}", p, e.toString());
            }
        }
        try {
            ModificationTimes.set(p, h.mtime());
        } catch (IOException | UnsupportedOperationException e) {
            if (!link) {
                throw e;
            }
        }
    }

    private void applyDirectoryTimes() throws IOException {
        directories.applyAll(d -> {
            BasicFileAttributes a = attributes(d.dir());
            if (a != null && a.isDirectory()) {
                try {
                    applyMetadata(d.dir(), d.header(), false);
                } catch (IOException e) {
                    throw cannotWrite(d.dir(), e);
                }
            }
        });
    }

    /** Removes a temporary file after {@code failed}, to which a failure to remove it is added. */
    private static void deleteQuietly(Path temp, Throwable failed) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException also) {
            failed.addSuppressed(also);
        }
    }

    /**
     * The directories swept lately: a sweep is needed once per directory, and files mostly come directory by
     * directory, so the last few hundred are enough (another sweep of one is harmless); all of them would be
     * one object per directory of the archive.
     */
    private static Set<Path> recentlySwept() {
        return java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Path, Boolean> eldest) {
                return size() > 512;
            }
        });
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * A free temporary name beside {@code target}, {@code .ectar-tmp-PID-RANDOM}: the process id tells a later
     * run whether the file is an interrupted extract's (which it then removes, see {@link #sweep}).
     */
    private Path temporary(Path target) throws IOException {
        sweep(target.getParent());
        for (int attempt = 0; attempt < 100; attempt++) {
            Path temp = target.resolveSibling(TEMP_PREFIX + PID + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            if (!Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                return temp;
            }
        }
        throw new FileAlreadyExistsException(target.resolveSibling(TEMP_PREFIX + "*").toString());
    }

    /**
     * Once per directory written to: removes the temporary files that extracts killed part-way left there
     * (their process is gone), and names those it leaves, which another extract may still be writing.
     */
    private void sweep(Path dir) throws IOException {
        if (!swept.add(dir)) {
            return;
        }
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                Matcher m = OUR_TEMP.matcher(temp.getFileName().toString());
                long pid = m.matches() ? Long.parseLong(m.group(1)) : -1;
                boolean stale = pid > 0 && pid != PID && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty();
                if (stale && !Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(temp); // a file, a symbolic or a hard link: never followed
                    removed++;
                } else {
                    LOG.warn("left alone: {}, a temporary file of {}; delete it once no extract is writing there",
                            temp, pid > 0 && !stale ? "the extract running as process " + pid
                                    : "an extract (of an older ectar?)");
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} temporary file(s) left in {} by an interrupted extract", removed, dir);
        }
    }

    /** An archived path in a message: control characters escaped, and at most 64 characters of it. */
    static String shown(String archivedPath) {
        return FileNames.printable(TarReader.shortened(archivedPath));
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
