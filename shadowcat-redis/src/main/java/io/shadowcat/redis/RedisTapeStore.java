package io.shadowcat.redis;

import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.BatchCommitter;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.support.PagedLines;
import io.shadowcat.storage.support.RecordLines;
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
import io.shadowcat.tape.TapeStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@code redis} provider's backend: per tape a hash with its meta JSON and a stream with its JSON Lines
 * records, a sorted set listing every tape by creation time, and for a live tape a claim key that its writer
 * renews and that expires when the writer's process dies (see {@link RedisKeys} and README "redis").
 *
 * <p>Threads: any thread may call it. The scheduler thread commits waiting frames and renews claims; each
 * writer's state is owned by its monitor (see {@link RedisTapeWriter}).
 */
final class RedisTapeStore implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTapeStore.class);
    static final String LAYOUT = "shadowcat-redis 1";
    private static final Set<ProviderCapability> CAPABILITIES =
            RedisStorageProvider.CAPABILITIES;

    private static final int POOL_SIZE = 16;
    private static final int PAGE = 512; // stream entries or meta hashes per round trip

    private final RedisSettings settings;
    private final RedisKeys keys;
    private final RedisClient redis;
    private final LiveTapes<RedisTapeWriter> live;
    private final StorageState state;
    private BatchCommitter committer; // started by open, once the store is usable

    private RedisTapeStore(RedisSettings settings, RedisClient redis) {
        this.settings = settings;
        this.keys = new RedisKeys(settings.prefix());
        this.redis = redis;
        this.live = LiveTapes.inProcess("redis storage " + settings.where());
        this.state = new StorageState("redis storage " + settings.where());
    }

    /** Connects, checks the store's layout marker, and creates the store when {@code mode} allows. */
    static RedisTapeStore open(RedisSettings settings, OpenMode mode) {
        int timeout = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().database(settings.database())
                .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout).clientName("shadowcat");
        settings.user().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        if (settings.tls()) {
            config.ssl(true).sslSocketFactory(RedisTls.socketFactory(settings.tlsCaFile().orElse(null),
                    settings.tlsClient().orElse(null), RedisStorageProvider.NAME)).sslParameters(RedisTls.verifyingHostName());
        }
        // A caller waits at most timeout for a pooled connection, then fails naming the setting to raise.
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(settings.timeout());
        // A server that restarted leaves every idle pooled connection dead: checked (PING) as it is borrowed,
        // a dead one is replaced instead of failing its caller with a broken pipe. A live recording's appends
        // retried past that, but a finish in that moment failed (RedisOutageTest, seen once in a gate).
        pool.setTestOnBorrow(true);
        RedisClient client = RedisClient.builder().hostAndPort(settings.host(), settings.port())
                .clientConfig(config.build()).poolConfig(pool).build();
        RedisTapeStore store = new RedisTapeStore(settings, client);
        try {
            store.checkLayout(mode);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        // Often enough to commit within batch_interval and to renew each claim well within its lease.
        java.time.Duration renew = settings.lease().dividedBy(3);
        store.committer = new BatchCommitter("shadowcat-redis-committer", store.live,
                settings.batchInterval().compareTo(renew) < 0 ? settings.batchInterval() : renew);
        return store;
    }

    private void checkLayout(OpenMode mode) {
        String marker = call("opening the store", () -> redis.get(keys.marker()));
        if (marker == null) {
            if (mode == OpenMode.EXISTING) {
                throw new StorageNotFoundException(RedisStorageProvider.NAME, settings.where(), "redis storage",
                        "url and prefix");
            }
            call("creating the store", () -> redis.setnx(keys.marker(), LAYOUT));
            marker = call("opening the store", () -> redis.get(keys.marker()));
        }
        if (!LAYOUT.equals(marker)) {
            throw new StorageException("redis storage " + settings.where() + " holds '" + marker + "' at "
                    + keys.marker() + ", not this version's layout '" + LAYOUT + "': use another prefix, or a"
                    + " Shadowcat version that reads it; nothing was changed");
        }
    }

    @Override
    public String providerName() {
        return RedisStorageProvider.NAME;
    }

    @Override
    public void save(Tape tape) {
        state.ensureOpen();
        live.refuse(tape.id(), "replace");
        RecordLines lines = new RecordLines();
        TapeStatsCollector stats;
        try {
            stats = JsonLinesTapeWriter.writeTape(tape, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TapeMetadata m = tape.metadata().withStats(stats.stats(lines.bytes())).withPerformance(stats.performance());
        TapeHeader header = tape.header().withMetadata(m);
        TapeId id = tape.id();
        String staging = keys.staging(id);
        List<String> all = lines.take();
        try {
            for (int from = 0; from < all.size(); from += PAGE) {
                List<String> part = all.subList(from, Math.min(all.size(), from + PAGE));
                call("saving tape " + id, () -> appendLines(staging, part));
            }
            Object done = call("saving tape " + id, () -> redis.eval(Scripts.REPLACE,
                    List.of(keys.meta(id), keys.records(id), keys.writer(id), keys.tapes(), staging),
                    List.of(metaJson(header), String.valueOf(lines.bytes()), createdMs(header), id.value())));
            if (!Long.valueOf(1).equals(done)) {
                throw LiveTapes.refusal(id, "replace");
            }
            call("saving tape " + id, () -> redis.hset(keys.meta(id), "session", sessionOf(header)));
            expire(header);
        } catch (RuntimeException e) {
            try {
                redis.del(staging);
            } catch (JedisException ignored) {
                // the server is gone: the staging key is all that is left, and no reader looks at it
            }
            throw e;
        }
    }

    private Object appendLines(String key, List<String> lines) {
        try (var p = redis.pipelined()) { // holds a pooled connection until closed
            for (String line : lines) {
                p.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("l", line));
            }
            p.sync();
        }
        return null;
    }

    @Override
    public Tape load(TapeId id) {
        TapeHeader header = header(id);
        try (PagedLines<String> in = records(id)) {
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
        Stored s = stored(id).orElseThrow(() -> new TapeNotFoundException(id));
        return s.header();
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return TapeRecord.frames(recordsOf(id));
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return TapeRecord.correlations(recordsOf(id));
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

    private PagedLines<String> records(TapeId id) {
        String key = keys.records(id);
        return new PagedLines<>("-", PAGE, (after, count) -> {
            List<StreamEntry> entries = call("reading tape " + id, () -> redis.xrange(key, after, "+", count));
            List<String> lines = new ArrayList<>(entries.size());
            for (StreamEntry e : entries) {
                String line = e.getFields().get("l");
                if (line != null) {
                    lines.add(line);
                }
            }
            // exclusive start for the next page: "(" + the last entry's id
            return new PagedLines.Page<>(lines, entries.isEmpty() ? after : "(" + entries.get(entries.size() - 1).getID());
        });
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        state.ensureOpen();
        TapeId id = header.id();
        TapeHeader start = header.withMetadata(header.metadata().recording(java.time.Instant.now()).withStats(null));
        String token = UUID.randomUUID().toString();
        RedisTapeWriter writer;
        try {
            writer = new RedisTapeWriter(this, start, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The script decides, atomically on the server: of two writers of one id (here or elsewhere) one wins.
        Object created = call("starting tape " + id, () -> redis.eval(Scripts.CREATE,
                List.of(keys.meta(id), keys.records(id), keys.writer(id), keys.tapes()),
                List.of(metaJson(start), createdMs(start), id.value(), token,
                        String.valueOf(settings.lease().toMillis()), writer.firstLine())));
        if (!Long.valueOf(1).equals(created)) {
            throw new TapeExistsException(id);
        }
        live.add(id, writer);
        call("starting tape " + id, () -> redis.hset(keys.meta(id), "session", sessionOf(start)));
        return writer;
    }

    /** One commit of a live writer (batch {@code batch}, applied at most once); false when its claim lapsed. */
    boolean commit(TapeId id, String token, long batch, TapeHeader header, long bytes, List<String> lines,
                   boolean release) {
        List<String> args = new ArrayList<>(lines.size() + 5);
        args.add(token);
        args.add(metaJson(header));
        args.add(String.valueOf(bytes));
        args.add(release ? "0" : String.valueOf(settings.lease().toMillis()));
        args.add(String.valueOf(batch));
        args.addAll(lines);
        Object ok = call("committing recorded frames of tape " + id, () -> redis.eval(Scripts.APPEND,
                List.of(keys.meta(id), keys.records(id), keys.writer(id)), args));
        return Long.valueOf(1).equals(ok);
    }

    /**
     * Applies retention to a tape that just finished or was saved: it expires {@code retention_max_age} after
     * it finished. A recording that never finished (no finalized_at) is kept for a person to look at.
     */
    void expire(TapeHeader finished) {
        Optional<java.time.Duration> maxAge = settings.retentionMaxAge();
        java.time.Instant at = finished.metadata().finalizedAt();
        if (maxAge.isEmpty() || at == null || finished.metadata().status() == TapeStatus.RECORDING) {
            return;
        }
        TapeId id = finished.id();
        long expireAt = at.plus(maxAge.get()).toEpochMilli();
        try {
            call("applying retention to tape " + id, () -> redis.eval(Scripts.EXPIRE,
                    List.of(keys.meta(id), keys.records(id), keys.tapes(), keys.expiry()),
                    List.of(id.value(), String.valueOf(expireAt), settings.prefix())));
        } catch (StorageException e) {
            LOG.warn("retention: cannot set tape {} to expire: {}", id, e.getMessage());
        }
    }

    void forget(RedisTapeWriter writer) {
        live.remove(writer.id(), writer);
    }

    RedisSettings settings() {
        return settings;
    }

    /** Renews a live writer's claim; false when it is not this writer's any more. */
    boolean renew(TapeId id, String token) {
        Object ok = call("renewing the claim on tape " + id, () -> redis.eval(Scripts.RENEW,
                List.of(keys.writer(id)), List.of(token, String.valueOf(settings.lease().toMillis()))));
        return Long.valueOf(1).equals(ok);
    }

    @Override
    public boolean delete(TapeId id) {
        state.ensureOpen();
        live.refuse(id, "delete");
        Object n = call("deleting tape " + id, () -> redis.eval(Scripts.DELETE,
                List.of(keys.meta(id), keys.records(id), keys.writer(id), keys.tapes()), List.of(id.value())));
        if (Long.valueOf(-1).equals(n)) {
            throw LiveTapes.refusal(id, "delete");
        }
        return Long.valueOf(1).equals(n);
    }

    @Override
    public boolean exists(TapeId id) {
        state.ensureOpen();
        return call("looking up tape " + id, () -> redis.exists(keys.meta(id)));
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        state.ensureOpen();
        List<TapeSummary> all = summaries().stream().filter(query::matches).sorted(TapeQuery.NEWEST_FIRST).toList();
        return Page.of(all, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        state.ensureOpen();
        Map<TapeId, Stored> byId = new java.util.HashMap<>();
        List<TapeSummary> all = new ArrayList<>();
        for (Stored t : storedTapes()) {
            TapeSummary s = t.summary();
            byId.put(s.id(), t);
            all.add(s);
        }
        return new TapeSearchMatcher(query).scan(all, s -> byId.get(s.id()).header().metadata().description(),
                this::streamFrames);
    }

    @Override
    public StorageStats stats() {
        state.ensureOpen();
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
        try {
            long n = redis.zcard(keys.tapes());
            return HealthStatus.ok(settings.where() + ": " + n + " tapes, " + live.size() + " recording here");
        } catch (JedisException e) {
            return HealthStatus.failing(RedisFailures.translate(settings, "checking health", e).getMessage());
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
            redis.close();
        }
    }

    @Override
    public String toString() {
        return "redis " + settings.where();
    }

    // ---------------------------------------------------------------- reading tapes

    /** A stored tape as it is reported. */
    private record Stored(TapeHeader header, long bytes) {
        TapeSummary summary() {
            return TapeSummary.of(header, header.metadata().status(), header.metadata().stats(), bytes);
        }
    }

    private Optional<Stored> stored(TapeId id) {
        RedisTapeWriter w = live.get(id);
        if (w != null) {
            return Optional.of(new Stored(w.liveHeader(), w.liveBytes()));
        }
        List<String> fields = call("reading tape " + id, () -> redis.hmget(keys.meta(id), "header", "bytes",
                "session"));
        return parse(id, fields, () -> call("reading tape " + id, () -> redis.exists(keys.writer(id))));
    }

    private List<Stored> storedTapes() {
        List<String> ids = call("listing tapes", () -> redis.zrange(keys.tapes(), 0, -1));
        List<Stored> out = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += PAGE) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + PAGE));
            List<List<String>> metas = call("listing tapes", () -> {
                List<Response<List<String>>> rs = new ArrayList<>();
                try (var p = redis.pipelined()) { // holds a pooled connection until closed
                    for (String id : part) {
                        rs.add(p.hmget(keys.meta(TapeId.of(id)), "header", "bytes", "session"));
                    }
                    p.sync();
                }
                return rs.stream().map(Response::get).toList();
            });
            for (int i = 0; i < part.size(); i++) {
                TapeId id = TapeId.of(part.get(i));
                RedisTapeWriter w = live.get(id);
                Optional<Stored> s = w != null ? Optional.of(new Stored(w.liveHeader(), w.liveBytes()))
                        : parse(id, metas.get(i), () -> call("listing tapes", () -> redis.exists(keys.writer(id))));
                s.ifPresent(out::add);
            }
        }
        return out;
    }

    private List<TapeSummary> summaries() {
        return storedTapes().stream().map(Stored::summary).toList();
    }

    // A tape stored as recording whose claim expired lost its writer: reported as an error, as it stands.
    private Optional<Stored> parse(TapeId id, List<String> fields, Supplier<Boolean> claimed) {
        if (fields == null || fields.get(0) == null) {
            return Optional.empty();
        }
        TapeHeader h;
        try {
            h = TapeMetaJson.read(new ByteArrayInputStream(fields.get(0).getBytes(StandardCharsets.UTF_8)),
                    source(id) + " meta");
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String session = fields.get(2);
        if (session != null && !session.isEmpty()) {
            h = new TapeHeader(h.id(), session, h.createdAt(), h.protocolVersion(), h.metadata());
        }
        if (h.metadata().status() == TapeStatus.RECORDING && !claimed.get()) {
            h = h.withMetadata(h.metadata().withStatus(TapeStatus.ERROR));
        }
        long bytes = fields.get(1) == null ? 0 : Long.parseLong(fields.get(1));
        return Optional.of(new Stored(h, bytes));
    }

    // ---------------------------------------------------------------- helpers

    static String metaJson(TapeHeader header) {
        return new String(TapeMetaJson.toBytes(header), StandardCharsets.UTF_8);
    }

    private static String createdMs(TapeHeader h) {
        return String.valueOf(h.createdAt().toEpochMilli());
    }

    private static String sessionOf(TapeHeader h) {
        return h.sessionId() == null ? "" : h.sessionId();
    }

    private String source(TapeId id) {
        return "redis " + settings.where() + " tape " + id;
    }

    /** Runs one Redis call, translating its failure. */
    <T> T call(String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (JedisException e) {
            throw RedisFailures.translate(settings, action, e);
        }
    }
}
