package com.example.shadowcat.provider;

import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code example-dir} backend. Each stored tape is {@code ID.jsonl} (written by {@link JsonLinesTapeWriter})
 * and {@code ID.meta.json} (by {@link TapeMetaJson}); the meta file is written last and is the commit point, so
 * a tape without one (a crash while recording) is not listed. The headers of stored tapes are kept in memory,
 * read once when the backend opens. Tapes being recorded are tracked by {@link LiveTapes}, which also gives
 * the one refusal every provider uses; closed-state errors come from {@link StorageState}; search means what
 * {@link TapeSearchMatcher} says.
 *
 * <p>Thread-safe: changes to the set of tapes are serialized on {@link #lock}; reads use the concurrent map
 * and the files (a replaced file is renamed over, so a reader keeps the version it opened).
 */
final class DirectoryBackend implements TapeStorageBackend {

    private static final String FRAMES = ".jsonl";
    private static final String META = ".meta.json";
    private static final Set<ProviderCapability> CAPABILITIES =
            EnumSet.of(ProviderCapability.LIVE_APPEND, ProviderCapability.SUBSTRING_SEARCH,
                    ProviderCapability.RANKED_SEARCH, ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.LOCAL_STORAGE);

    private final Path dir;
    private final StorageState state;
    private final LiveTapes<DirectoryTapeWriter> live;
    /** Stored (finished) tapes; guarded by {@link #lock} for writes. */
    private final Map<TapeId, Stored> stored = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /** A stored tape: its header (as {@link #header} returns it) and the size of its files. */
    record Stored(TapeHeader header, long sizeBytes) {
        TapeSummary summary() {
            return TapeSummary.of(header, header.metadata().status(), header.metadata().stats(), sizeBytes);
        }
    }

    DirectoryBackend(Path dir) {
        this.dir = dir;
        this.state = new StorageState("example-dir storage " + dir);
        this.live = LiveTapes.inProcess(dir.toString());
        scan();
    }

    @Override
    public String providerName() {
        return DirectoryStorageProvider.NAME;
    }

    @Override
    public void save(Tape tape) {
        state.ensureOpen();
        TapeId id = tape.id();
        synchronized (lock) {
            live.refuse(id, "replace");
            Path tmp = dir.resolve(id.value() + FRAMES + ".tmp");
            try {
                TapeStatsCollector stats;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    stats = JsonLinesTapeWriter.writeTape(tape, out); // refuses bad seqs before writing
                }
                long size = Files.size(tmp);
                TapeMetadata m = tape.metadata().withStats(stats.stats(size)).withPerformance(stats.performance());
                TapeHeader header = tape.header().withMetadata(m);
                Files.move(tmp, frames(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                writeMeta(header);
                stored.put(id, new Stored(header, size));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save tape " + id + " in " + dir, e);
            } finally {
                deleteQuietly(tmp);
            }
        }
    }

    @Override
    public Tape load(TapeId id) {
        TapeHeader header = header(id);
        try (InputStream in = Files.newInputStream(frames(id))) {
            Tape tape = JsonLinesTapeReader.readTape(in, header, id, frames(id).toString());
            return new Tape(header, tape.frames(), tape.correlations());
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, e.line(), e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new TapeNotFoundException(id); // deleted since the header was read
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tape " + id + " in " + dir, e);
        }
    }

    @Override
    public TapeHeader header(TapeId id) {
        state.ensureOpen();
        DirectoryTapeWriter w = live.get(id);
        if (w != null) {
            return w.header();
        }
        Stored s = stored.get(id);
        if (s == null) {
            throw new TapeNotFoundException(id);
        }
        return s.header();
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return TapeRecord.frames(records(id));
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return TapeRecord.correlations(records(id));
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        state.ensureOpen();
        synchronized (lock) {
            if (exists(header.id())) {
                throw new TapeExistsException(header.id());
            }
            try {
                DirectoryTapeWriter w = new DirectoryTapeWriter(this, header, frames(header.id()));
                live.add(header.id(), w);
                return w;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start tape " + header.id() + " in " + dir, e);
            }
        }
    }

    @Override
    public boolean delete(TapeId id) {
        state.ensureOpen();
        synchronized (lock) {
            live.refuse(id, "delete");
            if (stored.remove(id) == null) {
                return false;
            }
            try {
                Files.deleteIfExists(meta(id)); // the commit point goes first
                Files.deleteIfExists(frames(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete tape " + id + " in " + dir, e);
            }
            return true;
        }
    }

    @Override
    public boolean exists(TapeId id) {
        state.ensureOpen();
        return live.contains(id) || stored.containsKey(id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        List<TapeSummary> all = summaries().stream().filter(query::matches).sorted(TapeQuery.NEWEST_FIRST).toList();
        return Page.of(all, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        return new TapeSearchMatcher(query).scan(summaries(), s -> header(s.id()).metadata().description(),
                this::streamFrames);
    }

    @Override
    public StorageStats stats() {
        return StorageStats.of(summaries());
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
        return Files.isWritable(dir) ? HealthStatus.ok(stored.size() + " tapes in " + dir)
                : HealthStatus.failing(dir + " is not writable");
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        for (DirectoryTapeWriter w : List.copyOf(live.writers())) {
            w.close(); // the SPI: close finalizes open writers
        }
    }

    @Override
    public String toString() {
        return "example-dir:" + dir;
    }

    // ---------------------------------------------------------------- for the writer

    StorageState state() {
        return state;
    }

    /** A writer finished: its tape is stored from now on. */
    void finished(DirectoryTapeWriter writer, TapeHeader header, long sizeBytes) throws IOException {
        synchronized (lock) {
            writeMeta(header);
            stored.put(header.id(), new Stored(header, sizeBytes));
            live.remove(header.id(), writer);
        }
    }

    // ---------------------------------------------------------------- files

    private Stream<TapeRecord> records(TapeId id) {
        header(id); // not found, or closed, is an error here rather than at the first read
        InputStream in;
        try {
            in = Files.newInputStream(frames(id));
        } catch (NoSuchFileException e) {
            throw new TapeNotFoundException(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tape " + id + " in " + dir, e);
        }
        return new JsonLinesTapeReader(in, frames(id).toString(), id).stream(); // one line at a time
    }

    private List<TapeSummary> summaries() {
        state.ensureOpen();
        // a writer finishing meanwhile is briefly in both maps (never in neither): count it once, as stored
        Map<TapeId, TapeSummary> out = new LinkedHashMap<>();
        live.writers().forEach(w -> out.put(w.id(), w.liveSummary()));
        stored.values().forEach(s -> out.put(s.header().id(), s.summary()));
        return new ArrayList<>(out.values());
    }

    private void writeMeta(TapeHeader header) throws IOException {
        Path tmp = dir.resolve(header.id().value() + META + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            TapeMetaJson.write(header, out);
        }
        Files.move(tmp, meta(header.id()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads every committed tape's header: the meta file's metadata with the session of the file's init line. */
    private void scan() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + META)) {
            for (Path metaFile : files) {
                String name = metaFile.getFileName().toString();
                TapeId id = TapeId.of(name.substring(0, name.length() - META.length()));
                if (!Files.isRegularFile(frames(id))) {
                    continue; // a meta file without its tape is not a stored tape
                }
                TapeHeader meta;
                try (InputStream in = Files.newInputStream(metaFile)) {
                    meta = TapeMetaJson.read(in, metaFile.toString());
                }
                TapeHeader init;
                try (JsonLinesTapeReader reader = new JsonLinesTapeReader(Files.newInputStream(frames(id)),
                        frames(id).toString(), id)) {
                    reader.next(); // the init record comes first
                    init = reader.header();
                }
                TapeHeader header = init == null ? meta : new TapeHeader(id, init.sessionId(), init.createdAt(),
                        init.protocolVersion() != null ? init.protocolVersion() : meta.protocolVersion(),
                        meta.metadata());
                stored.put(id, new Stored(header, Files.size(frames(id))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tape directory " + dir, e);
        }
    }

    private Path frames(TapeId id) {
        return dir.resolve(id.value() + FRAMES);
    }

    private Path meta(TapeId id) {
        return dir.resolve(id.value() + META);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless: its name is never a tape's
        }
    }
}
