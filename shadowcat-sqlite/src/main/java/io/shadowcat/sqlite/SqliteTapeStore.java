package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.WriterLock;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.FrameSizeLimit;
import io.shadowcat.tape.FrameTooLargeException;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tapes in one SQLite database: the {@code sqlite} provider's backend.
 *
 * <p>Writes from every thread of the process go through the database's single writer connection; live
 * tapes are committed together (group commit) so many concurrent recordings cost few transactions.
 * Reads use pooled connections and see committed data only.
 */
final class SqliteTapeStore implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteTapeStore.class);
    private static final int STREAM_PAGE = 512;
    private static final Set<ProviderCapability> CAPABILITIES = SqliteStorageProvider.CAPABILITIES;

    private final Database db;
    private final SqliteSettings settings;
    private final LiveTapes<SqliteTapeWriter> live;
    // Each live writer's claim, visible to other processes (see WriterLock); released after its final commit.
    private final Map<TapeId, WriterLock> claims = new ConcurrentHashMap<>();
    private final ScheduledExecutorService committer;
    private volatile StorageException lastCommitFailure;
    private volatile long lastFailureLogged;
    private final StorageState state;

    private SqliteTapeStore(Database db) {
        this.db = db;
        this.settings = db.settings();
        this.live = LiveTapes.withLockFiles(db.path().toString(), this::lockFile);
        this.state = new StorageState("sqlite storage " + db.path());
        this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shadowcat-sqlite-commit " + db.path().getFileName());
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, settings.batchInterval().toMillis() / 4);
        committer.scheduleWithFixedDelay(this::commitOverdue, tick, tick, TimeUnit.MILLISECONDS);
    }

    static SqliteTapeStore open(SqliteSettings settings) {
        return open(settings, OpenMode.CREATE);
    }

    static SqliteTapeStore open(SqliteSettings settings, OpenMode mode) {
        SqliteTapeStore store = new SqliteTapeStore(Database.open(settings, mode));
        if (mode == OpenMode.CREATE) {
            store.repairCrashed(); // reading opens never write: they report such tapes as errors instead
        }
        return store;
    }

    /** The directory of the writers' lock files, beside the database. */
    private Path writersDir() {
        return Path.of(db.path() + ".writers");
    }

    private Path lockFile(TapeId id) {
        return writersDir().resolve(id.value() + ".lock");
    }

    /**
     * True when a tape the database says is recording has lost its writer: the process that held its lock
     * crashed or was killed. A tape without a lock file (saved as recording, e.g. a migrated prefix of a live
     * one) has no writer to lose.
     */
    private boolean crashed(TapeId id) {
        if (live.contains(id)) {
            return false;
        }
        try {
            return WriterLock.probe(lockFile(id)) == WriterLock.Liveness.GONE;
        } catch (IOException e) {
            return false; // cannot tell (e.g. another user's lock file): report what the database says
        }
    }

    /** Marks the tapes whose writer died while recording as errors (their committed counts are kept). */
    private void repairCrashed() {
        for (TapeId id : crashedRecordings()) {
            // The frame count is the one read in the repair's transaction: no second read for the message.
            long marked = db.write("marking crashed tape " + id, s -> {
                TapeHeader h = header(s, id);
                if (h.metadata().status() != TapeStatus.RECORDING) {
                    return -1L;
                }
                return TapeRow.update(s, TapeRow.keyOf(s, id), asCrashed(h), false)
                        ? h.metadata().stats().frameCount() : -1L;
            });
            try {
                WriterLock.removeStale(lockFile(id));
            } catch (IOException e) {
                LOG.warn("cannot remove the stale lock file {}: {}", lockFile(id), e.getMessage());
            }
            if (marked >= 0) {
                LOG.warn("tape {} in {} was left recording by a writer that is gone (crashed or killed); marked"
                        + " error, with the {} frames it committed", id, db.path(), marked);
            }
        }
    }

    // The tapes stored as recording whose writer is gone, probed now.
    private List<TapeId> crashedRecordings() {
        List<TapeId> recording = db.read("finding recordings", s -> {
            List<TapeId> ids = new ArrayList<>();
            try (ResultSet rs = s.prepare("SELECT id FROM tapes WHERE status = 'recording'").executeQuery()) {
                while (rs.next()) {
                    ids.add(TapeId.of(rs.getString(1)));
                }
            }
            return ids;
        });
        return recording.stream().filter(this::crashed).toList();
    }

    // What a status filter must count as errors rather than recordings: only probed when it filters on either.
    private Set<String> crashedFor(TapeStatus filter) {
        if (filter != TapeStatus.RECORDING && filter != TapeStatus.ERROR) {
            return Set.of();
        }
        return crashedRecordings().stream().map(TapeId::value).collect(java.util.stream.Collectors.toSet());
    }

    private static TapeHeader asCrashed(TapeHeader h) {
        return h.withMetadata(h.metadata().withStatus(TapeStatus.ERROR));
    }

    // A reading open reports a crashed recording as an error without writing the repair.
    private TapeHeader reported(TapeHeader h) {
        return h.metadata().status() == TapeStatus.RECORDING && crashed(h.id()) ? asCrashed(h) : h;
    }

    private TapeSummary reported(TapeSummary t) {
        return t.status() == TapeStatus.RECORDING && crashed(t.id())
                ? new TapeSummary(t.id(), t.name(), t.sessionId(), t.createdAt(), TapeStatus.ERROR, t.frameCount(),
                        t.durationMs(), t.sizeBytes(), t.tags())
                : t;
    }

    Path path() {
        return db.path();
    }

    /** How many other writers' turns this store's writes waited for, in all (see {@link WriteTurns}). */
    long turnsWaited() {
        return db.turnsWaited();
    }

    @Override
    public String providerName() {
        return SqliteStorageProvider.NAME;
    }

    @Override
    public void save(Tape tape) {
        saveAll(List.of(tape));
    }

    /** Saves the tapes in one transaction, replacing any with the same ids. */
    @Override
    public void saveAll(List<Tape> tapes) {
        state.ensureOpen();
        tapes.forEach(t -> refuseLive(t.id(), "replace"));
        List<List<FrameRow>> rows = new ArrayList<>(tapes.size());
        for (Tape tape : tapes) {
            rows.add(tape.frames().stream().map(FrameRow::of).toList());
        }
        String what = tapes.size() == 1 ? "saving tape " + tapes.get(0).id() : "saving " + tapes.size() + " tapes";
        db.write(what, s -> {
            long[] nextFrameId = {FrameRow.nextId(s)};
            for (int i = 0; i < tapes.size(); i++) {
                insertTape(s, tapes.get(i), rows.get(i), nextFrameId);
            }
            return null;
        });
    }

    private static void insertTape(SqlSession s, Tape tape, List<FrameRow> frames, long[] nextFrameId)
            throws SQLException {
        long old = TapeRow.keyOf(s, tape.id());
        if (old >= 0) {
            TapeRow.delete(s, old);
        }
        FrameOrder.check(tape.id(), tape.frames());
        TapeCounters counts = new TapeCounters();
        for (int i = 0; i < frames.size(); i++) {
            counts.add(tape.frames().get(i), frames.get(i));
        }
        tape.correlations().forEach(counts::add);
        // The counters are the stored frames', whatever the given metadata claimed.
        long key = TapeRow.insert(s, tape.header().withMetadata(counts.applyTo(tape.metadata())));
        for (FrameRow row : frames) {
            row.insert(s, key, nextFrameId[0]++);
        }
        long ord = 0;
        for (Correlation c : tape.correlations()) {
            TapeRow.insertCorrelation(s, key, ord++, c);
        }
    }

    @Override
    public Tape load(TapeId id) {
        state.ensureOpen();
        return db.readSnapshot("loading tape " + id, s -> {
            TapeHeader header = reported(header(s, id));
            long key = TapeRow.keyOf(s, id);
            List<Frame> frames = new ArrayList<>();
            long after = -1;
            List<Frame> page;
            do {
                page = framePage(s, id, key, after);
                frames.addAll(page);
                after = page.isEmpty() ? after : page.get(page.size() - 1).seq();
            } while (page.size() == STREAM_PAGE);
            List<Correlation> correlations = new ArrayList<>();
            List<Correlation> cpage;
            do {
                cpage = TapeRow.correlations(s, key, correlations.size() - 1L, STREAM_PAGE);
                correlations.addAll(cpage);
            } while (cpage.size() == STREAM_PAGE);
            return new Tape(header, frames, correlations);
        });
    }

    @Override
    public TapeHeader header(TapeId id) {
        state.ensureOpen();
        return db.read("reading tape " + id, s -> reported(header(s, id)));
    }

    private static TapeHeader header(SqlSession s, TapeId id) throws SQLException {
        try {
            TapeHeader h = TapeRow.header(s, id);
            if (h == null) {
                throw new TapeNotFoundException(id);
            }
            return h;
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, 0, "unreadable metadata in the tapes row: " + e.getMessage(), e);
        }
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        state.ensureOpen();
        long key = existingKey(id);
        return paged(after -> db.read("streaming tape " + id, s -> framePage(s, id, key, after)), Frame::seq);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        state.ensureOpen();
        long key = existingKey(id);
        long[] position = {0}; // correlations are numbered from 0 in the order recorded
        return paged(after -> db.read("streaming tape " + id, s -> TapeRow.correlations(s, key, after, STREAM_PAGE)),
                c -> position[0]++);
    }

    private long existingKey(TapeId id) {
        long key = db.read("reading tape " + id, s -> TapeRow.keyOf(s, id));
        if (key < 0) {
            throw new TapeNotFoundException(id);
        }
        return key;
    }

    // Keyset paging: each page is its own short read, so a long stream pins no connection or snapshot.
    private static <T> Stream<T> paged(Function<Long, List<T>> pageAfter, ToLongFunction<T> position) {
        Iterator<T> it = new Iterator<>() {
            private List<T> page = List.of();
            private int index;
            private long after = -1;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (index < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                page = pageAfter.apply(after);
                index = 0;
                exhausted = page.size() < STREAM_PAGE;
                return !page.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = page.get(index++);
                after = position.applyAsLong(item);
                return item;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private static List<Frame> framePage(SqlSession s, TapeId id, long key, long afterSeq) throws SQLException {
        // The message's size comes first, from SQLite, so a frame too large for this heap is refused unread.
        PreparedStatement ps = s.prepare("SELECT " + FrameRow.COLUMNS + ", octet_length(message) FROM frames"
                + " WHERE tape_key = ? AND seq > ? ORDER BY seq LIMIT " + STREAM_PAGE);
        ps.setLong(1, key);
        ps.setLong(2, afterSeq);
        List<Frame> frames = new ArrayList<>(STREAM_PAGE);
        long maxBytes = FrameSizeLimit.bytes();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long bytes = rs.getLong(FrameRow.COLUMN_COUNT + 1);
                if (bytes > maxBytes) {
                    throw new FrameTooLargeException(rs.getLong(1), id, "a row of table frames", bytes, maxBytes);
                }
                try {
                    frames.add(FrameRow.read(rs));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new CorruptTapeException(id, rs.getLong(1) + 1, "frame seq " + rs.getLong(1)
                            + " is unreadable: " + e.getMessage(), e);
                }
            }
        }
        return frames;
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        state.ensureOpen();
        TapeMetadata m = header.metadata();
        // A tape being written is recording, whatever the header said.
        TapeHeader recording = header.withMetadata(m.withStatus(TapeStatus.RECORDING).withStats(TapeStats.EMPTY));
        // The claim comes first: whenever a row says recording, its writer's lock file exists.
        WriterLock claim = claim(header.id());
        long key;
        try {
            key = db.write("starting tape " + header.id(), s -> {
                if (TapeRow.keyOf(s, header.id()) >= 0) {
                    throw new TapeExistsException(header.id());
                }
                return TapeRow.insert(s, recording);
            });
        } catch (RuntimeException e) {
            release(claim);
            throw e;
        }
        SqliteTapeWriter writer = new SqliteTapeWriter(this, key, recording, settings.batchFrames(), settings.batchInterval());
        claims.put(writer.id(), claim);
        live.add(writer.id(), writer);
        return writer;
    }

    /** Commits every live tape's waiting frames in one transaction. */
    void commitWaiting() {
        List<SqliteTapeWriter> drainedFrom = new ArrayList<>();
        List<SqliteTapeWriter.Batch> drained = new ArrayList<>();
        List<SqliteTapeWriter> vanished = new ArrayList<>();
        try {
            db.write("committing recorded frames", s -> {
                long[] nextFrameId = {FrameRow.nextId(s)};
                for (SqliteTapeWriter w : live.writers()) {
                    SqliteTapeWriter.Batch b = w.drain();
                    if (b != null) {
                        drainedFrom.add(w);
                        drained.add(b);
                        if (!w.write(s, b, nextFrameId)) {
                            vanished.add(w);
                        }
                    }
                }
                return null;
            }, () -> {
                for (int i = 0; i < drained.size(); i++) {
                    drainedFrom.get(i).restore(drained.get(i));
                }
            });
            lastCommitFailure = null;
            for (int i = 0; i < drained.size(); i++) {
                drainedFrom.get(i).committed(drained.get(i));
            }
        } catch (StorageException e) {
            lastCommitFailure = e;
            throw e;
        }
        for (SqliteTapeWriter w : vanished) {
            w.fail(w.vanished());
        }
    }

    StorageException lastCommitFailure() {
        return lastCommitFailure;
    }

    void forget(SqliteTapeWriter writer) {
        if (live.remove(writer.id(), writer)) {
            WriterLock claim = claims.remove(writer.id());
            if (claim != null) {
                release(claim);
            }
        }
    }

    private WriterLock claim(TapeId id) {
        try {
            settings.fileMode().createDirectories(writersDir());
            return WriterLock.acquire(lockFile(id), settings.fileMode());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new TapeExistsException(id);
        } catch (IOException e) {
            throw new StorageException("cannot start tape " + id + ": cannot create its lock file in " + writersDir()
                    + ": " + e.getMessage() + " (check free space and permissions beside the database)", e);
        }
    }

    private static void release(WriterLock claim) {
        try {
            claim.close();
        } catch (IOException e) {
            LOG.warn("cannot remove the lock file {}: {}", claim.file(), e.getMessage());
        }
    }

    // Here or in another process (its writer's lock): the rule and its message are LiveTapes'.
    private void refuseLive(TapeId id, String action) {
        live.refuse(id, action);
    }

    // Runs on the committer thread: commits frames that have waited batch_interval.
    private void commitOverdue() {
        long now = System.nanoTime();
        long limit = settings.batchInterval().toNanos();
        boolean due = false;
        for (SqliteTapeWriter w : live.writers()) {
            if (w.isWaiting() && now - w.waitingSince() >= limit) {
                due = true;
                break;
            }
        }
        if (!due || state.isClosed()) {
            return;
        }
        try {
            commitWaiting();
        } catch (RuntimeException e) {
            if (now - lastFailureLogged > TimeUnit.SECONDS.toNanos(10)) {
                lastFailureLogged = now;
                LOG.warn("cannot commit recorded frames yet, will retry: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean delete(TapeId id) {
        state.ensureOpen();
        refuseLive(id, "delete");
        boolean deleted = db.write("deleting tape " + id, s -> {
            long key = TapeRow.keyOf(s, id);
            if (key < 0) {
                return false;
            }
            TapeRow.delete(s, key);
            return true;
        });
        try {
            WriterLock.removeStale(lockFile(id)); // a crashed recording's
        } catch (IOException e) {
            LOG.warn("cannot remove the stale lock file {}: {}", lockFile(id), e.getMessage());
        }
        return deleted;
    }

    @Override
    public boolean exists(TapeId id) {
        state.ensureOpen();
        return db.read("looking up tape " + id, s -> TapeRow.keyOf(s, id) >= 0);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        state.ensureOpen();
        Set<String> crashedIds = crashedFor(query.status());
        return db.read("listing tapes", s -> {
            try {
                Page<TapeSummary> page = TapeFinder.list(s, query, crashedIds);
                return new Page<>(page.items().stream().map(this::reported).toList(), page.total(), page.offset(),
                        page.limit());
            } catch (JsonProcessingException e) {
                throw new StorageException("sqlite database " + db.path() + " holds an unreadable tape row: "
                        + e.getOriginalMessage(), e);
            }
        });
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        state.ensureOpen();
        Set<String> crashedIds = crashedFor(query.status());
        return db.readSnapshot("searching tapes", s -> {
            try {
                Page<SearchHit> page = TapeFinder.search(s, query, crashedIds);
                return new Page<>(page.items().stream()
                        .map(h -> new SearchHit(reported(h.tape()), h.score(), h.frameSeqs())).toList(),
                        page.total(), page.offset(), page.limit());
            } catch (JsonProcessingException e) {
                throw new StorageException("sqlite database " + db.path() + " holds an unreadable tape row: "
                        + e.getOriginalMessage(), e);
            }
        });
    }

    @Override
    public StorageStats stats() {
        state.ensureOpen();
        long[] counts = db.read("counting tapes", s -> {
            try (ResultSet rs = s.prepare("SELECT count(*), coalesce(sum(frame_count), 0) FROM tapes").executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
        return new StorageStats(counts[0], counts[1], fileSize(db.path()) + fileSize(Path.of(db.path() + "-wal")));
    }

    private static long fileSize(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public HealthStatus health() {
        try {
            long tapes = db.read("checking health", s -> {
                try (ResultSet rs = s.prepare("SELECT count(*) FROM tapes").executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            StorageException failing = lastCommitFailure;
            if (failing != null) {
                return HealthStatus.failing("recorded frames cannot be committed: " + failing.getMessage());
            }
            return HealthStatus.ok("sqlite database " + db.path() + ": " + tapes + " tapes, " + live.size()
                    + " recording");
        } catch (StorageException | IllegalStateException e) {
            return HealthStatus.failing(e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        committer.shutdownNow();
        try {
            // a commit already under way finishes before the writers and connections go
            committer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SqliteTapeWriter w : live.writers()) {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.warn("tape {} could not be finalized on close: {}", w.id(), e.getMessage());
            }
        }
        db.close();
    }
}
