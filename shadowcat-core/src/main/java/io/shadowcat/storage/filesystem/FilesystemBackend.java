package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.TextSignature;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.WriterLock;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.TapeStatus;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code filesystem} provider's backend: one directory of {@code ID.jsonl} + {@code ID.meta.json}. */
final class FilesystemBackend implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemBackend.class);
    private static final Pattern TAPE_FILE =
            Pattern.compile("([A-Za-z0-9_-]{1,128})(\\.jsonl|\\.jsonl\\.gz|\\.jsonl\\.zst|\\.meta\\.json)");
    private static final Set<ProviderCapability> CAPABILITIES = FilesystemStorageProvider.CAPABILITIES;

    private final TapeDirectory files;
    private final FilesystemOptions options;
    private final TapeIndex index;
    private final DirectoryLease lease;
    private final LiveTapes<FilesystemTapeWriter> live;
    // Tapes whose writer died while recording, as they are reported (see crashed()); a crashed tape never
    // comes back to life, so the answer is kept.
    private final ConcurrentHashMap<TapeId, Crashed> crashed = new ConcurrentHashMap<>();
    private final boolean writable;
    private final ScheduledExecutorService flusher;
    // Temporary files found when this backend opened the directory alone: their writers are gone.
    private List<Path> staleTemporaries;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();
    private final StorageState state;

    FilesystemBackend(FilesystemOptions options, OpenMode mode) throws IOException {
        this.options = options;
        Path dir = options.directory();
        if (mode == OpenMode.CREATE) {
            options.fileMode().createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("directory " + dir + " is not writable");
            }
        } else if (!Files.isDirectory(dir)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " is not a directory");
            }
            throw new StorageNotFoundException(FilesystemStorageProvider.NAME, dir.toString(), "tape directory");
        }
        this.files = new TapeDirectory(dir, options.fileMode());
        this.live = LiveTapes.withLockFiles(dir.toString(), files::lock);
        this.state = new StorageState("filesystem storage " + dir);
        // Opened EXISTING, nothing is written (no lock file, index journal or compaction), so a full disk can
        // still be listed and cleaned up with tape rm; what the index lacks is rebuilt in memory only.
        boolean writes = mode == OpenMode.CREATE;
        this.writable = writes;
        this.lease = writes ? DirectoryLease.acquire(dir, options.fileMode()) : DirectoryLease.acquireForReading(dir);
        this.index = new TapeIndex(dir, options.fileMode());
        try {
            synchronized (lease.monitor()) {
                // Every process writing here holds the lease, so while it is ours alone no temporary file
                // can be anyone's work in progress: they are the remains of a writer killed mid-rename.
                staleTemporaries = lease.exclusive() ? files.temporaryFiles() : List.of();
                openIndex(writes);
                lease.downgrade();
            }
            // No retention here: opening is also what every reading command does (tape list, show).
        } catch (IOException | RuntimeException e) {
            index.close();
            lease.close();
            throw e;
        }
        if (options.durability().kind() == Durability.Kind.INTERVAL) {
            long ms = Math.max(1, options.durability().interval().toMillis());
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "shadowcat-fs-flusher " + dir.getFileName());
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushAll, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    Path directory() {
        return files.dir();
    }

    @Override
    public String providerName() {
        return FilesystemStorageProvider.NAME;
    }

    @Override
    public void save(Tape tape) {
        ensureOpen();
        removeStaleTemporaries();
        TapeId id = tape.id();
        refuseLive(id, "replace");
        Compression c = tape.metadata().status() == TapeStatus.RECORDING ? Compression.NONE : options.compression();
        Path target = files.data(id, c);
        try {
            long[] size = new long[1];
            TapeStatsCollector[] stats = new TapeStatsCollector[1];
            files.writeAtomically(target, out -> {
                CountingOutput counted = new CountingOutput(c.compress(out));
                stats[0] = JsonLinesTapeWriter.writeTape(tape, counted);
                counted.close();
                size[0] = counted.count;
            });
            for (Compression other : Compression.values()) {
                if (other != c) {
                    TapeDirectory.deleteQuietly(files.data(id, other));
                }
            }
            TapeMetadata m = tape.metadata().withStats(stats[0].stats(size[0])).withPerformance(stats[0].performance());
            TapeHeader header = tape.header().withMetadata(m);
            files.writeAtomically(files.meta(id), out -> TapeMetaJson.write(header, out));
            index.put(entry(header, Files.size(target), names(tape, true), names(tape, false),
                    TextSignature.of(tape.frames())));
        } catch (IOException e) {
            throw failure("save", id, e);
        }
        applyRetention();
    }

    @Override
    public Tape load(TapeId id) {
        ensureOpen();
        pushLive(id);
        TapeDirectory.Stored stored = files.find(id).orElseThrow(() -> new TapeNotFoundException(id));
        TapeHeader meta = readMeta(id);
        try (InputStream in = stored.open()) {
            Tape tape = JsonLinesTapeReader.readTape(in, meta, id, stored.path().toString());
            FilesystemTapeWriter writer = live.get(id);
            return writer == null ? tape : new Tape(tape.header().withMetadata(writer.header().metadata()),
                    tape.frames(), tape.correlations());
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, e.line(), e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new TapeNotFoundException(id);
        } catch (IOException e) {
            throw failure("read", id, e);
        }
    }

    @Override
    public TapeHeader header(TapeId id) {
        ensureOpen();
        for (int attempt = 1; ; attempt++) {
            FilesystemTapeWriter writer = live.get(id);
            if (writer != null) {
                return writer.header();
            }
            TapeHeader meta = readMeta(id);
            Optional<TapeDirectory.Stored> stored = files.find(id);
            if (stored.isEmpty()) {
                throw new TapeNotFoundException(id);
            }
            if (meta == null) {
                return load(id).header();
            }
            try (InputStream in = stored.get().open()) {
                TapeRecord first = new JsonLinesTapeReader(in, stored.get().path().toString(), id).next();
                TapeHeader init = first instanceof TapeHeader h ? h : null;
                return new TapeHeader(id, init == null ? null : init.sessionId(),
                        init == null ? meta.createdAt() : init.createdAt(),
                        init == null || init.protocolVersion() == null ? meta.protocolVersion() : init.protocolVersion(),
                        meta.metadata());
            } catch (NoSuchFileException e) {
                movedAgain(id, attempt, e); // compressed by its writer between the lookup and the open
            } catch (IOException e) {
                throw failure("read", id, e);
            }
        }
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return TapeRecord.correlations(records(id));
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return TapeRecord.frames(records(id));
    }

    private Stream<TapeRecord> records(TapeId id) {
        ensureOpen();
        pushLive(id);
        for (int attempt = 1; ; attempt++) {
            TapeDirectory.Stored stored = files.find(id).orElseThrow(() -> new TapeNotFoundException(id));
            try {
                InputStream in = stored.open();
                return new JsonLinesTapeReader(in, stored.path().toString(), id).stream();
            } catch (NoSuchFileException e) {
                movedAgain(id, attempt, e); // compressed by its writer between the lookup and the open
            } catch (IOException e) {
                throw failure("read", id, e);
            }
        }
    }

    /**
     * A tape's data file vanished between finding and opening it: its writer compressed it (once), or it was
     * deleted. Looking again is worth a few times, not more.
     */
    private void movedAgain(TapeId id, int attempt, NoSuchFileException e) {
        if (attempt >= 3) {
            if (files.find(id).isEmpty()) {
                throw new TapeNotFoundException(id);
            }
            throw new StorageException("cannot read tape " + id + " in " + files.dir() + ": its data file kept"
                    + " moving while it was opened (" + e.getFile() + "); try again", e);
        }
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        ensureOpen();
        removeStaleTemporaries();
        TapeId id = header.id();
        if (files.exists(id)) {
            throw new TapeExistsException(id);
        }
        // The claim comes first: whenever a tape is marked recording, its lock file exists (see crashed()).
        WriterLock claim;
        try {
            claim = WriterLock.acquire(files.lock(id), options.fileMode());
        } catch (FileAlreadyExistsException e) {
            throw new TapeExistsException(id);
        } catch (IOException e) {
            throw failure("claim", id, e);
        }
        Path path = files.data(id, Compression.NONE);
        FileChannel ch;
        try {
            ch = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), options.fileMode().fileAttributes());
        } catch (FileAlreadyExistsException e) {
            closeQuietly(claim);
            throw new TapeExistsException(id);
        } catch (IOException e) {
            closeQuietly(claim);
            throw failure("create", id, e);
        }
        FilesystemTapeWriter writer = null;
        try {
            // Another process may have finished and compressed the same id between our check and the claim.
            if (Files.exists(files.data(id, Compression.ZSTD)) || Files.exists(files.data(id, Compression.GZIP))) {
                ch.close();
                Files.deleteIfExists(path);
                closeQuietly(claim);
                throw new TapeExistsException(id);
            }
            TapeHeader start = header.withMetadata(header.metadata().recording(Instant.now()).withStats(null));
            writer = new FilesystemTapeWriter(this, ch, claim, start, options.durability());
            live.add(id, writer);
            publish(writer, start, writer.liveSummary(), Set.of(), Set.of(), null);
            return writer;
        } catch (IOException e) {
            if (writer != null) {
                live.remove(id, writer);
            }
            try {
                ch.close();
                Files.deleteIfExists(path);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            closeQuietly(claim);
            throw failure("start", id, e);
        }
    }

    @Override
    public boolean delete(TapeId id) {
        ensureOpen();
        refuseLive(id, "delete");
        boolean any = false;
        try {
            for (Compression c : Compression.values()) {
                any |= TapeDirectory.deleteQuietly(files.data(id, c));
            }
            any |= TapeDirectory.deleteQuietly(files.meta(id));
            WriterLock.removeStale(files.lock(id));
            crashed.remove(id);
            files.forceDirectory();
        } catch (IOException e) {
            throw failure("delete", id, e);
        }
        try {
            index.remove(id);
        } catch (IOException e) {
            // The tape is gone, which is what counts (on a full disk, deleting is how space is freed); the
            // index is a cache, and whoever opens the directory next drops an entry whose files are missing.
            LOG.warn("tape {} deleted, but the index of {} could not record it ({}); it is corrected when the"
                    + " directory is next opened", id, files.dir(), e.getMessage());
        }
        return any;
    }

    @Override
    public boolean exists(TapeId id) {
        ensureOpen();
        return files.find(id).isPresent(); // metadata alone is no tape (see scanDirectory)
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        ensureOpen();
        refreshIndex();
        List<TapeSummary> page = new ArrayList<>(Math.min(query.limit(), 1024));
        long total = 0;
        long end = (long) query.offset() + query.limit();
        for (TapeIndexEntry e : index.ordered()) {
            TapeSummary s = current(e);
            if (query.matches(s)) {
                if (total >= query.offset() && total < end) {
                    page.add(s);
                }
                total++;
            }
        }
        return new Page<>(page, total, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        ensureOpen();
        refreshIndex();
        TapeSearchMatcher matcher = new TapeSearchMatcher(query);
        List<SearchHit> hits = new ArrayList<>();
        for (TapeIndexEntry e : index.ordered()) {
            TapeSummary s = current(e);
            if (!matcher.filtersMatch(s)) {
                continue;
            }
            boolean isLive = live.contains(s.id());
            TapeSearchMatcher.Match m = matcher.begin(s, e.description(), isLive ? null : e.methods(),
                    isLive ? null : e.tools(), isLive ? null : e.signature());
            if (m.needsFrames()) {
                try (Stream<Frame> frames = streamFrames(s.id())) {
                    frames.forEach(m::accept);
                } catch (TapeNotFoundException gone) {
                    continue; // deleted meanwhile
                } catch (UncheckedIOException | StorageException unreadable) {
                    LOG.warn("search: skipping tape {}: {}", s.id(), unreadable.getMessage());
                    continue;
                }
            }
            m.result().ifPresent(hits::add);
        }
        return matcher.page(hits);
    }

    @Override
    public StorageStats stats() {
        ensureOpen();
        refreshIndex();
        return StorageStats.of(index.ordered().stream().map(this::current).toList());
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public HealthStatus health() {
        if (state.isClosed()) {
            return HealthStatus.failing("closed");
        }
        Path dir = files.dir();
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            return HealthStatus.failing("tape directory " + dir + " is missing or not writable; check the path setting");
        }
        return HealthStatus.ok(index.size() + " tapes in " + dir + ", " + live.size() + " recording, durability "
                + options.durability());
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        if (flusher != null) {
            flusher.shutdown();
        }
        for (FilesystemTapeWriter w : live.writers()) {
            try {
                w.finish(TapeStatus.FINALIZED);
            } catch (RuntimeException e) {
                LOG.error("closing storage: could not finish tape {}: {}", w.id(), e.getMessage());
            }
        }
        try {
            index.close();
            lease.close();
        } catch (IOException e) {
            LOG.warn("closing storage {}: {}", files.dir(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "filesystem:" + files.dir();
    }

    // ---- called by writers ----

    /** Writes a live tape's metadata and index entry. */
    void publish(FilesystemTapeWriter writer, TapeHeader header, TapeSummary summary, Set<String> methods,
                 Set<String> tools, TextSignature signature) throws IOException {
        files.writeAtomically(files.meta(header.id()), out -> TapeMetaJson.write(header, out));
        index.put(new TapeIndexEntry(summary, header.metadata().description(), methods, tools, signature, null));
    }

    /** A writer finished: compress, write the final metadata, index it, apply retention. */
    TapeSummary finished(FilesystemTapeWriter writer, TapeHeader header, Set<String> methods, Set<String> tools,
                         TextSignature signature) throws IOException {
        TapeId id = header.id();
        try {
            Path plain = files.data(id, Compression.NONE);
            Path stored = plain;
            if (options.compression() != Compression.NONE) {
                stored = files.data(id, options.compression());
                Compression c = options.compression();
                files.writeAtomically(stored, out -> {
                    try (OutputStream z = c.compress(out)) {
                        Files.copy(plain, z);
                    }
                });
                Files.delete(plain);
            }
            files.writeAtomically(files.meta(id), out -> TapeMetaJson.write(header, out));
            TapeIndexEntry entry = entry(header, Files.size(stored), methods, tools, signature);
            index.put(entry);
            return entry.summary();
        } finally {
            live.remove(id, writer);
            if (!state.isClosed()) {
                applyRetention();
            }
        }
    }

    /**
     * A writer failed to finish: keep what is on disk, mark it as an error, with the counts of what the file
     * holds (what a reader gets), not of what was handed to the writer.
     */
    TapeSummary abandoned(FilesystemTapeWriter writer, TapeHeader header) {
        live.remove(header.id(), writer);
        Crashed asError = asError(header);
        TapeHeader failed = asError.header();
        TapeIndexEntry entry = asError.entry();
        try {
            files.writeAtomically(files.meta(header.id()), out -> TapeMetaJson.write(failed, out));
            index.put(entry);
        } catch (IOException e) {
            LOG.error("tape {}: cannot record its failure in {}: {}", header.id(), files.dir(), e.getMessage());
        }
        return entry.summary();
    }

    void flushFailed(FilesystemTapeWriter writer, StorageException e) {
        LOG.error("{}", e.getMessage());
    }

    // ---- internals ----

    /** The counts of what a tape's JSON Lines hold, read leniently as any reader would; empty when unreadable. */
    private Optional<TapeStatsCollector> recount(TapeId id) {
        Optional<TapeDirectory.Stored> stored = files.find(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        TapeStatsCollector counts = new TapeStatsCollector();
        try (InputStream in = stored.get().open();
             Stream<TapeRecord> records = new JsonLinesTapeReader(in, stored.get().path().toString(), id).stream()) {
            records.forEach(counts::accept);
            return Optional.of(counts);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot count the frames of tape {} in {}: {}", id, files.dir(), e.getMessage());
            return Optional.empty();
        }
    }

    private void openIndex(boolean persist) throws IOException {
        boolean had = index.load();
        Set<TapeId> onDisk = scanDirectory();
        List<TapeId> added = new ArrayList<>();
        List<TapeId> gone = new ArrayList<>();
        for (TapeId id : onDisk) {
            Optional<TapeIndexEntry> known = index.get(id);
            if (known.isEmpty() || known.get().summary().status() == TapeStatus.RECORDING) {
                Optional<TapeIndexEntry> rebuilt = rebuild(id, known.orElse(null));
                if (rebuilt.isPresent() && !rebuilt.equals(known)) {
                    index.apply(rebuilt.get());
                    added.add(id);
                }
            }
        }
        for (TapeIndexEntry e : List.copyOf(index.ordered())) {
            if (!onDisk.contains(e.id())) {
                index.forget(e.id());
                gone.add(e.id());
            }
        }
        boolean stale = !added.isEmpty() || !gone.isEmpty();
        if (stale || (!had && index.size() > 0)) {
            LOG.info("tape index of {} {}: {} tapes ({} updated, {} removed)", files.dir(),
                    had ? "was stale, refreshed" : "rebuilt", index.size(), added.size(), gone.size());
        }
        boolean bloated = index.journalLines() > 2L * index.size() + 1000;
        if (!persist) {
            return; // the changes stay in memory; the next writer to open the directory journals them
        }
        if (lease.exclusive() && (!had || stale || bloated)) {
            index.compact(files);
        } else {
            for (TapeId id : added) {
                index.put(index.get(id).orElseThrow());
            }
            for (TapeId id : gone) {
                index.remove(id);
            }
        }
    }

    private Set<TapeId> scanDirectory() throws IOException {
        Set<TapeId> ids = new HashSet<>();
        Set<TapeId> metaOnly = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(files.dir())) {
            for (Path p : s) {
                Matcher m = TAPE_FILE.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    TapeId id = TapeId.of(m.group(1));
                    if (m.group(2).equals(".meta.json")) {
                        metaOnly.add(id);
                    } else {
                        ids.add(id);
                    }
                } else {
                    warnOnce(p, "skipping " + p + ": not a regular file (symbolic links and directories are never"
                            + " read as tape files)");
                }
            }
        }
        // Metadata whose JSON Lines are gone describes no recording: listing or counting it would lie.
        for (TapeId id : metaOnly) {
            if (!ids.contains(id) && files.find(id).isEmpty()) {
                warnOnce(files.meta(id), "skipping tape " + id + ": " + files.meta(id) + " has no JSON Lines beside"
                        + " it (" + id + ".jsonl, .jsonl.gz or .jsonl.zst), so its recording is gone; it is not"
                        + " listed (restore the data file, or delete the metadata file)");
            }
        }
        return ids;
    }

    /** An index entry made from a tape's files; empty when they cannot be read. */
    private Optional<TapeIndexEntry> rebuild(TapeId id, TapeIndexEntry known) {
        Optional<TapeDirectory.Stored> stored = files.find(id);
        if (stored.isEmpty()) {
            return Optional.empty(); // metadata without data: not a tape
        }
        long size = sizeOf(stored.get().path());
        try (InputStream in = stored.get().open()) {
            TapeHeader meta = readMeta(id);
            if (meta != null) {
                JsonLinesTapeReader reader = new JsonLinesTapeReader(in, stored.get().path().toString(), id);
                TapeRecord first = reader.next();
                String session = first instanceof TapeHeader h ? h.sessionId() : null;
                TapeHeader h = new TapeHeader(id, session, meta.createdAt(), meta.protocolVersion(), meta.metadata());
                return Optional.of(entry(h, size, known == null ? null : known.methods(),
                        known == null ? null : known.tools(), known == null ? null : known.signature()));
            }
            Tape tape = JsonLinesTapeReader.readTape(in, null, id, stored.get().path().toString());
            return Optional.of(entry(tape.header(), size, names(tape, true), names(tape, false),
                    TextSignature.of(tape.frames())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot index tape {} in {}: {}", id, files.dir(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A tape's metadata, or null when it has none that can be used: missing, not a regular file, or corrupt
     * (with a warning naming the file). The JSON Lines hold the whole tape, so callers then read the tape
     * from them: one bad {@code ID.meta.json} never makes the tape, or the directory, unreadable.
     */
    private TapeHeader readMeta(TapeId id) {
        TapeHeader meta = readMetaFile(id);
        if (meta != null && meta.metadata().status() == TapeStatus.RECORDING) {
            return crashed(id).map(Crashed::header).orElse(meta);
        }
        return meta;
    }

    /** The metadata file as it is, without the crash repair of {@link #readMeta}. */
    private TapeHeader readMetaFile(TapeId id) {
        Path p = files.meta(id);
        try {
            if (!Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                warnOnce(p, "skipping " + p + ": not a regular file (symbolic links and directories are never read"
                        + " as tape files)");
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read the metadata of", id, e);
        }
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return TapeMetaJson.read(in, p.toString());
        } catch (NoSuchFileException e) {
            return null;
        } catch (TapeFormatException e) {
            warnOnce(p, e.getMessage() + "; tape " + id + " is read from its JSON Lines instead (its name, tags"
                    + " and status there may be older)");
            return null;
        } catch (IOException e) {
            throw failure("read the metadata of", id, e);
        }
    }

    // Once per file and backend: a listing or search would otherwise repeat it for every tape it reads.
    private void warnOnce(Path file, String message) {
        if (warned.add(file)) {
            LOG.warn("{}", message);
        }
    }

    private static TapeIndexEntry entry(TapeHeader h, long size, Set<String> methods, Set<String> tools,
                                    TextSignature signature) {
        TapeMetadata m = h.metadata();
        return new TapeIndexEntry(TapeSummary.of(h, m.status(), m.stats(), size), m.description(), methods, tools,
                signature, m.finalizedAt());
    }

    private static Set<String> names(Tape tape, boolean methods) {
        Set<String> out = new java.util.TreeSet<>();
        for (Frame f : tape.frames()) {
            String n = methods ? f.method() : f.toolName();
            if (n != null && out.add(n) && out.size() > TapeIndexEntry.MAX_NAMES) {
                return null;
            }
        }
        return out;
    }

    private TapeSummary current(TapeIndexEntry e) {
        FilesystemTapeWriter w = live.get(e.id());
        if (w != null) {
            try {
                return w.liveSummary();
            } catch (RuntimeException finishedMeanwhile) {
                return e.summary();
            }
        }
        if (e.summary().status() == TapeStatus.RECORDING) {
            return crashed(e.id()).map(c -> c.entry().summary()).orElse(e.summary());
        }
        return e.summary();
    }

    /** What is reported for a tape whose writer died or failed while recording: its metadata and index entry. */
    private record Crashed(TapeHeader header, TapeIndexEntry entry) {
    }

    // A tape whose recording ended without finishing: status error, with the counts of what its file holds
    // (what a reader gets), not of what was handed to the writer.
    private Crashed asError(TapeHeader header) {
        long size = files.find(header.id()).map(s -> sizeOf(s.path())).orElse(0L);
        TapeMetadata m = header.metadata().withStatus(TapeStatus.ERROR);
        TapeHeader failed = header.withMetadata(recount(header.id()).map(c -> m.withStats(c.stats(size))).orElse(m));
        return new Crashed(failed, entry(failed, size, null, null, null));
    }

    /**
     * The tape as it is to be reported when its metadata says recording but its writer is gone (the process
     * crashed or was killed): status error, with the counts of the frames its file durably holds. Empty while
     * a writer, here or in another process, holds the tape's lock, or when that cannot be told. A writing
     * backend also records the repair (metadata, index, the stale lock file); a reading one never writes.
     */
    private Optional<Crashed> crashed(TapeId id) {
        if (live.contains(id)) {
            return Optional.empty();
        }
        Crashed known = crashed.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            // No lock file: a writer that finished, or a tape saved as recording (a migrated prefix of a live
            // one), which has no writer to lose. Only a lock file nobody holds means a writer died.
            if (WriterLock.probe(files.lock(id)) != WriterLock.Liveness.GONE) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty(); // cannot tell (e.g. another user's lock file): report what is written
        }
        // Read again after the probe: a writer writes its final status before it lets go of the lock.
        TapeHeader meta = readMetaFile(id);
        if (meta == null || meta.metadata().status() != TapeStatus.RECORDING) {
            return Optional.empty();
        }
        Crashed c = asError(meta);
        TapeHeader failed = c.header();
        if (crashed.putIfAbsent(id, c) != null) {
            return Optional.of(crashed.get(id));
        }
        if (writable && !state.isClosed()) {
            try {
                files.writeAtomically(files.meta(id), out -> TapeMetaJson.write(failed, out));
                index.put(c.entry());
                WriterLock.removeStale(files.lock(id));
                LOG.warn("tape {} in {} was left recording by a writer that is gone (crashed or killed); marked"
                        + " error, with the {} frames it holds", id, files.dir(), c.entry().summary().frameCount());
            } catch (IOException e) {
                LOG.warn("tape {} in {} was left recording by a writer that is gone; cannot mark it error: {}",
                        id, files.dir(), e.getMessage());
            }
        } else {
            warnOnce(files.lock(id), "tape " + id + " in " + files.dir() + " was left recording by a writer that"
                    + " is gone (crashed or killed); reported as error with the " + c.entry().summary().frameCount()
                    + " frames it holds (the next recording into this storage records it)");
        }
        return Optional.of(c);
    }

    private static void closeQuietly(WriterLock claim) {
        try {
            claim.close();
        } catch (IOException e) {
            LOG.warn("cannot remove the lock file {}: {}", claim.file(), e.getMessage());
        }
    }

    private void refreshIndex() {
        try {
            index.refresh();
        } catch (IOException e) {
            LOG.warn("cannot read the tape index of {}: {}", files.dir(), e.getMessage());
        }
    }

    private void pushLive(TapeId id) {
        FilesystemTapeWriter w = live.get(id);
        if (w != null) {
            w.pushToFile();
        }
    }

    /**
     * Deletes the temporary files that were stale when the directory was opened, on the first write: a
     * command that only reads never changes the directory.
     */
    private void removeStaleTemporaries() {
        List<Path> stale;
        synchronized (this) {
            stale = staleTemporaries;
            staleTemporaries = List.of();
        }
        int removed = 0;
        for (Path p : stale) {
            try {
                removed += TapeDirectory.deleteQuietly(p) ? 1 : 0;
            } catch (IOException e) {
                LOG.warn("cannot remove {}, left by an interrupted write: {}", p, e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.info("removed {} temporary files left in {} by an interrupted write", removed, files.dir());
        }
    }

    private void flushAll() {
        for (FilesystemTapeWriter w : live.writers()) {
            w.flushIfDirty();
        }
    }

    /**
     * Deletes what the retention policy expires. Only writes call it (a tape finished or saved), never
     * opening or reading: a {@code tape list} must not delete anything.
     */
    private void applyRetention() {
        RetentionPolicy r = options.retention();
        if (r.isNone()) {
            return;
        }
        refreshIndex(); // other processes' tapes count too, and theirs still recording are spared
        for (TapeId id : r.expired(index.ordered(), Instant.now(), live.ids())) {
            try {
                delete(id);
                LOG.info("retention: deleted tape {} ({})", id, r);
            } catch (StorageException e) {
                LOG.warn("retention: cannot delete tape {}: {}", id, e.getMessage());
            }
        }
    }

    private void refuseLive(TapeId id, String action) {
        live.refuse(id, action);
    }

    private void ensureOpen() {
        state.ensureOpen();
    }

    private StorageException failure(String action, TapeId id, IOException e) {
        return new StorageException("cannot " + action + " tape " + id + " in " + files.dir() + ": " + e
                + " (check the path, free space and permissions)", e);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Counts the bytes before compression: the JSON Lines size the metadata reports. */
    private static final class CountingOutput extends FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
