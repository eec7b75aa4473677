package io.shadowcat.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
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
import io.shadowcat.storage.support.BatchCommitter;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.support.PagedLines;
import io.shadowcat.storage.support.RecordLines;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.TapeMetaJson;
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
import io.shadowcat.tape.TapeStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} provider's backend: a row per tape in {@code tapes} (its meta JSON and counts), its
 * lines in {@code frames} and {@code records} (see {@link Schema}). Reads and saves use a pool; each live
 * writer holds a connection of its own, and on it a session-level advisory lock on its tape's key for as long
 * as it records: a tape stored as recording whose lock nobody holds lost its writer, and reads as an error.
 *
 * <p>Threads: any thread may call it. The scheduler thread commits frames that waited a batch interval; each
 * writer's state is owned by its monitor (see {@link PostgresTapeWriter}).
 */
final class PostgresTapeStore implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTapeStore.class);
    private static final int PAGE = 1000; // lines per round trip when a tape is read

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final String q; // the quoted schema name
    private final int lockClass;
    private final LiveTapes<PostgresTapeWriter> live;
    private final StorageState state;
    private BatchCommitter committer; // started by open, once the store is usable
    private TextIndex textIndex = TextIndex.ABSENT; // set by open
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    private PostgresTapeStore(PostgresSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.q = Schema.quoted(settings.schema());
        this.lockClass = Schema.lockClass(settings.schema());
        this.live = LiveTapes.inProcess("postgres storage " + settings.where());
        this.state = new StorageState("postgres storage " + settings.where());
    }

    /** Connects, creates, migrates or checks the schema (as {@code mode} allows), and starts the committer. */
    static PostgresTapeStore open(PostgresSettings settings, OpenMode mode) {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(settings.url());
        java.util.Properties props = settings.connectionProperties();
        settings.user().ifPresent(config::setUsername);
        config.setPassword(settings.password().orElse("")); // Hikari masks it in what it logs
        props.remove("user");
        props.remove("password");
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // a wrong url or password fails here, not on first use
        config.setPoolName("shadowcat-postgres-" + settings.schema());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw PostgresFailures.translate(settings, "connecting", e);
        }
        PostgresTapeStore store = new PostgresTapeStore(settings, pool);
        try {
            store.textIndex = store.call("opening the store", c -> Schema.prepare(c, settings, mode));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        store.committer = new BatchCommitter("shadowcat-postgres-committer", store.live, settings.batchInterval());
        return store;
    }

    @Override
    public String providerName() {
        return PostgresStorageProvider.NAME;
    }

    // ---------------------------------------------------------------- saving

    /** A tape encoded for saving. */
    private record Encoded(TapeHeader header, List<String> lines, long bytes) {
    }

    @Override
    public void save(Tape tape) {
        saveAll(List.of(tape));
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        state.ensureOpen();
        List<Encoded> all = new ArrayList<>(tapes.size());
        for (Tape tape : tapes) {
            live.refuse(tape.id(), "replace");
            RecordLines lines = new RecordLines();
            TapeStatsCollector stats;
            try {
                stats = JsonLinesTapeWriter.writeTape(tape, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TapeMetadata m = tape.metadata().withStats(stats.stats(lines.bytes())).withPerformance(stats.performance());
            all.add(new Encoded(tape.header().withMetadata(m), lines.take(), lines.bytes()));
        }
        String what = tapes.size() == 1 ? "saving tape " + tapes.get(0).id() : "saving " + tapes.size() + " tapes";
        inTransaction(what, c -> {
            for (Encoded e : all) {
                replace(c, e);
            }
            return null;
        });
    }

    // Replaces one tape in the caller's transaction; a tape another process records is refused.
    private void replace(Connection c, Encoded e) throws SQLException {
        TapeId id = e.header().id();
        for (int attempt = 0; ; attempt++) {
            Optional<long[]> existing = lockRow(c, id);
            if (existing.isPresent()) {
                if (existing.get()[1] == 1 && heldByWriter(c, existing.get()[0])) {
                    throw LiveTapes.refusal(id, "replace");
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + q + ".tapes WHERE tape_key = ?")) {
                    p.setLong(1, existing.get()[0]);
                    p.executeUpdate();
                }
            }
            Optional<Long> key = insertRow(c, e.header(), e.bytes(), e.lines().size());
            if (key.isPresent()) {
                Lines.insert(c, q, key.get(), 0, e.lines());
                return;
            }
            if (attempt == 3) { // another process keeps creating it at the same moment
                throw new TapeExistsException(id);
            }
        }
    }

    // SELECT ... FOR UPDATE: {tape_key, 1 when stored as recording}, or empty.
    private Optional<long[]> lockRow(Connection c, TapeId id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT tape_key, status FROM " + q + ".tapes WHERE id = ? FOR UPDATE")) {
            p.setString(1, id.value());
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new long[] {r.getLong(1), "recording".equals(r.getString(2)) ? 1 : 0});
            }
        }
    }

    /** Inserts a tape's row unless its id exists (ON CONFLICT DO NOTHING); its key, or empty. */
    Optional<Long> insertRow(Connection c, TapeHeader h, long bytes, int lineCount) throws SQLException {
        TapeMetadata m = h.metadata();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + q + ".tapes (id, session_id, status,"
                + " created_ms, finalized_ms, frame_count, size_bytes, line_count, meta, text_folded, tags) VALUES (?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING tape_key")) {
            p.setString(1, h.id().value());
            p.setString(2, h.sessionId());
            p.setString(3, m.status().wireName());
            p.setLong(4, h.createdAt().toEpochMilli());
            setMillis(p, 5, m.finalizedAt());
            p.setLong(6, m.stats() == null ? 0 : m.stats().frameCount());
            p.setLong(7, bytes);
            p.setInt(8, lineCount);
            p.setString(9, metaJson(h));
            p.setString(10, SearchColumns.tapeText(h));
            p.setArray(11, SearchColumns.tags(c, h));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- live writers

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        state.ensureOpen();
        TapeId id = header.id();
        TapeHeader start = header.withMetadata(header.metadata().recording(Instant.now()).withStats(null));
        PostgresTapeWriter writer;
        try {
            writer = new PostgresTapeWriter(this, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Connection c = connect("starting tape " + id);
        long key;
        try {
            c.setAutoCommit(false);
            // The unique id decides, on the server: of two writers of one id (here or elsewhere) one inserts.
            Optional<Long> inserted = insertRow(c, start, writer.firstLineBytes(), 1);
            if (inserted.isEmpty()) {
                c.rollback();
                closeQuietly(c);
                throw new TapeExistsException(id);
            }
            key = inserted.get();
            // Taken before the row is visible to anyone: whoever sees the row recording sees the lock.
            if (!tryLock(c, key)) {
                throw new StorageException("tape " + id + ": its new key " + key + " is locked by another session");
            }
            Lines.insert(c, q, key, 0, List.of(writer.firstLine()));
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            closeQuietly(c);
            throw PostgresFailures.translate(settings, "starting tape " + id, e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            closeQuietly(c);
            throw e;
        }
        writer.attach(c, key);
        live.add(id, writer);
        return writer;
    }

    /** A new connection outside the pool, for a live writer, which holds it (and its lock) while recording. */
    Connection connect(String action) {
        java.util.Properties props = settings.connectionProperties();
        try {
            Connection c = driver.connect(settings.url(), props);
            if (c == null) {
                throw new StorageException("postgres: the driver does not take url " + settings.url());
            }
            return c;
        } catch (SQLException e) {
            throw PostgresFailures.translate(settings, action, e);
        }
    }

    /** Takes a writer's session-level lock on a tape key, on its own connection. */
    boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            p.setInt(1, lockClass);
            p.setInt(2, (int) key);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            p.setInt(1, lockClass);
            p.setInt(2, (int) key);
            p.execute();
        }
    }

    // True when some session (a live writer) holds the tape's lock; tried on a pool connection and let go.
    private boolean heldByWriter(Connection c, long key) throws SQLException {
        if (tryLock(c, key)) {
            unlock(c, key);
            return false;
        }
        return true;
    }

    /**
     * One commit of a live writer on its connection: its new lines and its row, in one transaction. False when
     * the tape's row is gone (deleted meanwhile).
     */
    boolean commit(Connection c, long key, int firstN, TapeHeader row, long bytes, List<String> lines)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            // A batch resent after its commit went through (the client saw an error) is already there.
            try (PreparedStatement p = c.prepareStatement("SELECT line_count FROM " + q + ".tapes WHERE tape_key = ?"
                    + " FOR UPDATE")) {
                p.setLong(1, key);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        c.rollback();
                        return false;
                    }
                    if (!lines.isEmpty() && r.getInt(1) >= firstN + lines.size()) {
                        c.commit();
                        return true;
                    }
                }
            }
            Lines.insert(c, q, key, firstN, lines);
            TapeMetadata m = row.metadata();
            int n;
            try (PreparedStatement p = c.prepareStatement("UPDATE " + q + ".tapes SET status = ?, finalized_ms = ?,"
                    + " frame_count = ?, size_bytes = ?, line_count = ?, meta = ?, text_folded = ?, tags = ? WHERE"
                    + " tape_key = ?")) {
                p.setString(1, m.status().wireName());
                setMillis(p, 2, m.finalizedAt());
                p.setLong(3, m.stats() == null ? 0 : m.stats().frameCount());
                p.setLong(4, bytes);
                p.setInt(5, firstN + lines.size());
                p.setString(6, metaJson(row));
                p.setString(7, SearchColumns.tapeText(row));
                p.setArray(8, SearchColumns.tags(c, row));
                p.setLong(9, key);
                n = p.executeUpdate();
            }
            if (n == 0) {
                c.rollback();
                return false;
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    void forget(PostgresTapeWriter writer) {
        live.remove(writer.id(), writer);
    }

    PostgresSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Tape load(TapeId id) {
        TapeHeader header = header(id);
        try (PagedLines<Integer> in = records(id)) {
            Tape tape = JsonLinesTapeReader.readTape(in, header, id, source(id));
            return new Tape(header, tape.frames(), tape.correlations());
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, e.line(), e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TapeHeader header(TapeId id) {
        state.ensureOpen();
        return stored(id).orElseThrow(() -> new TapeNotFoundException(id)).header();
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return recordsOf(id).filter(r -> r instanceof Frame).map(r -> (Frame) r);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return recordsOf(id).filter(r -> r instanceof Correlation).map(r -> (Correlation) r);
    }

    private Stream<TapeRecord> recordsOf(TapeId id) {
        header(id); // not found is reported here, not on the first read
        JsonLinesTapeReader reader = new JsonLinesTapeReader(records(id), source(id), id);
        return reader.stream().onClose(() -> {
            try {
                reader.close();
            } catch (IOException ignored) {
                // nothing is held but the page in memory
            }
        });
    }

    private PagedLines<Integer> records(TapeId id) {
        long key = call("reading tape " + id, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT tape_key FROM " + q + ".tapes WHERE id = ?")) {
                p.setString(1, id.value());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : -1L;
                }
            }
        });
        // One index range scan per table (their primary keys are (tape_key, n)), merged here by n.
        String frames = "SELECT n, line FROM " + q + ".frames WHERE tape_key = ? AND n > ? ORDER BY n LIMIT ?";
        String others = "SELECT n, line FROM " + q + ".records WHERE tape_key = ? AND n > ? ORDER BY n LIMIT ?";
        return new PagedLines<>(-1, PAGE, (after, count) -> call("reading tape " + id, c -> {
            List<Object[]> a = page(c, frames, key, after, count);
            List<Object[]> b = page(c, others, key, after, count);
            List<String> lines = new ArrayList<>(count);
            int last = after;
            int i = 0;
            int j = 0;
            while (lines.size() < count && (i < a.size() || j < b.size())) {
                Object[] next = j >= b.size() || (i < a.size() && (Integer) a.get(i)[0] < (Integer) b.get(j)[0])
                        ? a.get(i++) : b.get(j++);
                last = (Integer) next[0];
                lines.add((String) next[1]);
            }
            return new PagedLines.Page<>(lines, last);
        }));
    }

    private static List<Object[]> page(Connection c, String sql, long key, int after, int count) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, key);
            p.setInt(2, after);
            p.setInt(3, count);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(new Object[] {r.getInt(1), r.getString(2)});
                }
            }
            return rows;
        }
    }

    @Override
    public boolean delete(TapeId id) {
        state.ensureOpen();
        live.refuse(id, "delete");
        return inTransaction("deleting tape " + id, c -> {
            Optional<long[]> row = lockRow(c, id);
            if (row.isEmpty()) {
                return false;
            }
            if (row.get()[1] == 1 && heldByWriter(c, row.get()[0])) {
                throw LiveTapes.refusal(id, "delete");
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + q + ".tapes WHERE tape_key = ?")) {
                p.setLong(1, row.get()[0]);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean exists(TapeId id) {
        state.ensureOpen();
        return call("looking up tape " + id, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM " + q + ".tapes WHERE id = ?")) {
                p.setString(1, id.value());
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        state.ensureOpen();
        boolean inJava = !TapeFinder.exactInSql(query.status())
                || (query.nameContains() != null && !query.nameContains().isEmpty());
        return call("listing tapes", c -> {
            TapeFinder.Found found = TapeFinder.find(c, q, TapeFinder.Criteria.of(query), !inJava, query.offset(),
                    query.limit());
            Set<Long> locked = lockedKeys(c);
            List<TapeSummary> items = new ArrayList<>(found.rows().size());
            for (TapeFinder.Row row : found.rows()) {
                TapeSummary s = summary(c, row, locked);
                if (!inJava || query.matches(s)) {
                    items.add(s);
                }
            }
            return inJava ? Page.of(items, query.offset(), query.limit())
                    : new Page<>(items, found.total(), query.offset(), query.limit());
        });
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        state.ensureOpen();
        boolean inJava = !TapeFinder.exactInSql(query.status());
        return call("searching tapes", c -> {
            TapeFinder.Found found = TapeFinder.find(c, q, TapeFinder.Criteria.of(query), !inJava, query.offset(),
                    query.limit());
            Set<Long> locked = lockedKeys(c);
            List<SearchHit> hits = new ArrayList<>(found.rows().size());
            for (TapeFinder.Row row : found.rows()) {
                TapeSummary s = summary(c, row, locked);
                if (!inJava || s.status() == query.status()) {
                    hits.add(new SearchHit(s, row.score(), row.seqs()));
                }
            }
            return inJava ? Page.of(hits, query.offset(), query.limit())
                    : new Page<>(hits, found.total(), query.offset(), query.limit());
        });
    }

    // A found row as reported: a tape recorded here as its writer sees it; a dead writer's as an error.
    private TapeSummary summary(Connection c, TapeFinder.Row row, Set<Long> locked) throws SQLException {
        TapeId id = TapeId.of(row.id());
        PostgresTapeWriter w = live.get(id);
        if (w != null) {
            return new Stored(w.liveHeader(), w.liveBytes()).summary();
        }
        // A writer that finished after the rows were read let go of its lock: read its row again.
        boolean dead = row.recording() && !locked.contains(row.key()) && stillRecording(c, row.key())
                && !heldByWriter(c, row.key());
        return parse(id, row.meta(), row.session(), row.bytes(), dead).summary();
    }

    @Override
    public StorageStats stats() {
        state.ensureOpen();
        return StorageStats.of(summaries());
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return PostgresStorageProvider.CAPABILITIES;
    }

    @Override
    public HealthStatus health() {
        if (state.isClosed()) {
            return HealthStatus.failing("closed");
        }
        try {
            long n = call("checking health", c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM " + q + ".tapes");
                     ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            return HealthStatus.ok(settings.where() + ": " + n + " tapes, " + live.size() + " recording here, search "
                    + (textIndex == TextIndex.TRIGRAM ? "indexed (pg_trgm)"
                    : "of the tapes' own text unindexed (no pg_trgm: see the log), frames indexed"));
        } catch (StorageException e) {
            return HealthStatus.failing(e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        try {
            committer.close();
        } finally {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "postgres " + settings.where();
    }

    /** A stored tape as it is reported. */
    private record Stored(TapeHeader header, long bytes) {
        TapeSummary summary() {
            return TapeSummary.of(header, header.metadata().status(), header.metadata().stats(), bytes);
        }
    }

    private static final String ROW = "SELECT tape_key, id, session_id, meta, size_bytes, status FROM ";

    private Optional<Stored> stored(TapeId id) {
        PostgresTapeWriter w = live.get(id);
        if (w != null) {
            return Optional.of(new Stored(w.liveHeader(), w.liveBytes()));
        }
        return call("reading tape " + id, c -> {
            try (PreparedStatement p = c.prepareStatement(ROW + q + ".tapes WHERE id = ?")) {
                p.setString(1, id.value());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Stored>empty();
                    }
                    long key = r.getLong(1);
                    boolean recording = "recording".equals(r.getString(6));
                    String meta = r.getString(4);
                    String session = r.getString(3);
                    long bytes = r.getLong(5);
                    boolean dead = recording && !heldByWriter(c, key) && stillRecording(c, key);
                    return Optional.of(parse(id, meta, session, bytes, dead));
                }
            }
        });
    }

    private List<Stored> storedTapes() {
        return call("listing tapes", c -> {
            Set<Long> locked = lockedKeys(c);
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(ROW + q + ".tapes ORDER BY created_ms DESC, id")) {
                p.setFetchSize(1000);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Object[] {r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getLong(5), "recording".equals(r.getString(6))});
                    }
                }
                for (Object[] row : rows) {
                    long key = (Long) row[0];
                    TapeId id = TapeId.of((String) row[1]);
                    PostgresTapeWriter w = live.get(id);
                    if (w != null) {
                        out.add(new Stored(w.liveHeader(), w.liveBytes()));
                        continue;
                    }
                    // A writer that finished after the rows were read let go of its lock: read its row again.
                    boolean dead = (Boolean) row[5] && !locked.contains(key) && stillRecording(c, key)
                            && !heldByWriter(c, key);
                    out.add(parse(id, (String) row[3], (String) row[2], (Long) row[4], dead));
                }
            }
            return out;
        });
    }

    private Set<Long> lockedKeys(Connection c) throws SQLException {
        Set<Long> keys = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory'"
                + " AND objsubid = 2 AND granted AND classid::bigint = ? AND database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database())")) {
            p.setLong(1, lockClass);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.add(r.getLong(1));
                }
            }
        }
        return keys;
    }

    private boolean stillRecording(Connection c, long key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT status FROM " + q + ".tapes WHERE tape_key = ?")) {
            p.setLong(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && "recording".equals(r.getString(1));
            }
        }
    }

    private List<TapeSummary> summaries() {
        return storedTapes().stream().map(Stored::summary).toList();
    }

    // A tape stored as recording whose writer's lock is free lost its writer: reported as an error, as it stands.
    private Stored parse(TapeId id, String meta, String session, long bytes, boolean dead) {
        TapeHeader h;
        try {
            h = TapeMetaJson.read(new ByteArrayInputStream(meta.getBytes(StandardCharsets.UTF_8)), source(id) + " meta");
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (session != null && !session.isEmpty()) {
            h = new TapeHeader(h.id(), session, h.createdAt(), h.protocolVersion(), h.metadata());
        }
        if (dead) {
            h = h.withMetadata(h.metadata().withStatus(TapeStatus.ERROR));
        }
        return new Stored(h, bytes);
    }

    // ---------------------------------------------------------------- helpers

    static String metaJson(TapeHeader header) {
        return new String(TapeMetaJson.toBytes(header), StandardCharsets.UTF_8);
    }

    private static void setMillis(PreparedStatement p, int index, Instant at) throws SQLException {
        if (at == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, at.toEpochMilli());
        }
    }

    private String source(TapeId id) {
        return "postgres " + settings.where() + " tape " + id;
    }

    /** Runs work on a pooled connection, translating its failure. */
    <T> T call(String action, Sql<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw PostgresFailures.translate(settings, action, e);
        }
    }

    /** Runs work in one transaction on a pooled connection: all of it or nothing. */
    private <T> T inTransaction(String action, Sql<T> work) {
        return call(action, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection is evicted by the pool
                }
            }
        });
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone, and its transaction with it
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing is left to release
        }
    }
}
