package io.shadowcat.s3;

import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
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
import io.shadowcat.storage.support.BatchingTapeWriter;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.support.StorageState;
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
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code s3} provider's backend: per tape a meta object and its records as JSON Lines objects, segments
 * while recording; an index entry per tape whose keys sort newest first, so that listing reads keys a page of
 * 1,000 at a time and fetches only the entries it reports (see {@link S3Keys} and README "s3").
 *
 * <p>Consistency rests on S3's strong read-after-write consistency (AWS since 2020; MinIO, Ceph and S3Proxy
 * alike) and on atomic object writes: an object is there whole or not at all. Two writers of one new tape are
 * kept apart by {@code If-None-Match: *} where the store honours it (probed on open); where it does not, only
 * writers in one process are, and the backend does not report {@link ProviderCapability#CONDITIONAL_CREATE}.
 *
 * <p>Threads: any thread may call it. The committer thread writes waiting segments and renews claims; each
 * writer's state is owned by its monitor (see {@link S3TapeWriter}); index entries read are cached by ETag.
 */
final class S3TapeStore implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(S3TapeStore.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet(); // stores warned about, once each
    private static final int READERS = 16; // index entries fetched, tapes searched or saved at once

    private final S3Settings settings;
    private final S3Keys keys;
    private final S3Objects objects;
    private final LiveTapes<S3TapeWriter> live;
    private final StorageState state;
    private final ExecutorService readers;
    private final Map<String, Cached> index = new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private boolean conditionalCreate; // set by open, then read only
    private BatchCommitter committer; // started by open, once the store is usable

    private record Cached(String etag, MetaObject meta) {
    }

    private S3TapeStore(S3Settings settings, S3Objects objects) {
        this.settings = settings;
        this.keys = new S3Keys(settings.prefix());
        this.objects = objects;
        this.live = LiveTapes.inProcess("s3 storage " + settings.where());
        this.state = new StorageState("s3 storage " + settings.where());
        this.readers = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "shadowcat-s3-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects, checks the bucket and the store's marker, creates the store when {@code mode} allows. */
    static S3TapeStore open(S3Settings settings, OpenMode mode) {
        S3Objects objects = S3Objects.connect(settings);
        S3TapeStore store = new S3TapeStore(settings, objects);
        try {
            store.checkLayout(mode);
            store.conditionalCreate = store.probeConditionalCreate();
        } catch (RuntimeException e) {
            store.readers.shutdownNow();
            objects.close();
            throw e;
        }
        java.time.Duration renew = settings.lease().dividedBy(3);
        store.committer = new BatchCommitter("shadowcat-s3-committer", store.live,
                settings.batchInterval().compareTo(renew) < 0 ? settings.batchInterval() : renew);
        return store;
    }

    private void checkLayout(OpenMode mode) {
        objects.checkBucket("opening the store");
        String want = "{\"layout\":\"" + MetaObject.LAYOUT + "\"}\n";
        Optional<byte[]> marker = objects.get(keys.marker(), "opening the store");
        if (marker.isEmpty()) {
            if (mode == OpenMode.EXISTING) {
                throw new StorageNotFoundException(S3StorageProvider.NAME, settings.where(), "s3 storage",
                        "bucket and prefix");
            }
            objects.putIfAbsent(keys.marker(), want.getBytes(StandardCharsets.UTF_8), "creating the store");
            marker = objects.get(keys.marker(), "opening the store");
        }
        String found = marker.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        if (!found.equals(want)) {
            throw new StorageException("s3 storage " + settings.where() + " holds '" + found.strip() + "' at "
                    + keys.marker() + ", not this version's layout '" + MetaObject.LAYOUT + "': use another prefix,"
                    + " or a Shadowcat version that reads it; nothing was changed");
        }
    }

    // Whether the store refuses a second If-None-Match: * create of one key (AWS S3 does since 2024; some
    // S3-compatible stores ignore the header and overwrite). Credentials that may only read cannot probe: they
    // cannot start tapes either, so the answer does not matter, and opening must not fail for it.
    private boolean probeConditionalCreate() {
        String probe = keys.probe(UUID.randomUUID().toString());
        byte[] body = "probe\n".getBytes(StandardCharsets.UTF_8);
        boolean refused;
        try {
            objects.putIfAbsent(probe, body, "probing for conditional writes");
            refused = !objects.putIfAbsent(probe, body, "probing for conditional writes");
            objects.delete(probe, "probing for conditional writes");
        } catch (StorageException e) {
            LOG.debug("cannot probe {} for conditional writes (read-only credentials?): {}", settings.where(),
                    e.getMessage());
            return false;
        }
        if (!refused && WARNED.add(settings.where())) {
            LOG.warn("s3 storage {} ignores If-None-Match: * (conditional create): two processes starting one"
                    + " tape id at once are not kept apart; within this process they are", settings.where());
        }
        return refused;
    }

    @Override
    public String providerName() {
        return S3StorageProvider.NAME;
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        if (conditionalCreate) {
            return S3StorageProvider.CAPABILITIES;
        }
        EnumSet<ProviderCapability> caps = EnumSet.copyOf(S3StorageProvider.CAPABILITIES);
        caps.remove(ProviderCapability.CONDITIONAL_CREATE);
        return Collections.unmodifiableSet(caps);
    }

    S3Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void save(Tape tape) {
        state.ensureOpen();
        TapeId id = tape.id();
        live.refuse(id, "replace");
        Optional<MetaObject> old = meta(id, "saving tape " + id);
        old.ifPresent(m -> refuseIfRecordedElsewhere(m, "replace"));
        String generation = newGeneration();
        TapeStatsCollector stats;
        long bytes;
        try (S3Objects.Upload upload = objects.upload(keys.records(id, generation, 0, settings.codec()),
                "saving tape " + id)) {
            CountingStream counted;
            try (OutputStream encoded = encoder(upload)) {
                counted = new CountingStream(encoded);
                stats = JsonLinesTapeWriter.writeTape(tape, counted);
                counted.flush();
            }
            bytes = counted.count;
            upload.complete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TapeMetadata m = tape.metadata().withStats(stats.stats(bytes)).withPerformance(stats.performance());
        MetaObject saved = new MetaObject(tape.header().withMetadata(m), generation, bytes, Optional.empty(),
                System.currentTimeMillis(), Optional.of(settings.codec()));
        publish(saved, "saving tape " + id);
        old.ifPresent(o -> retire(id, o, saved));
    }

    /**
     * Saves the tapes as {@link #save} does each, {@value #READERS} at once (each is a few requests, and S3 serves
     * many at a time); not a transaction: on a failure the others may be saved, and the first failure is thrown.
     */
    @Override
    public void saveAll(List<Tape> tapes) {
        state.ensureOpen();
        List<Future<?>> pending = new ArrayList<>(tapes.size());
        for (Tape t : tapes) {
            pending.add(readers.submit(() -> save(t)));
        }
        RuntimeException first = null;
        for (Future<?> f : pending) {
            try {
                await(f);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Writes a tape's meta object, then its index entry: a tape is listed only once it can be read. */
    private void publish(MetaObject meta, String action) {
        byte[] body = meta.toBytes();
        objects.put(keys.meta(meta.header().id()), body, action);
        objects.put(keys.index(meta.header().id(), meta.header().createdAt()), body, action);
    }

    // After a tape was replaced: its old index entry (when its creation time changed) and records go.
    private void retire(TapeId id, MetaObject old, MetaObject now) {
        try {
            String oldIndex = keys.index(id, old.header().createdAt());
            if (!oldIndex.equals(keys.index(id, now.header().createdAt()))) {
                objects.delete(oldIndex, "replacing tape " + id);
            }
            if (!old.generation().equals(now.generation())) {
                deleteFolder(keys.generation(id, old.generation()), "replacing tape " + id);
            }
        } catch (StorageException e) {
            LOG.warn("tape {} was replaced, but its old objects stay (unread): {}", id, e.getMessage());
        }
    }

    private OutputStream encoder(OutputStream raw) throws IOException {
        return settings.codec() == Codec.ZSTD ? new com.github.luben.zstd.ZstdOutputStream(raw, 3)
                : new FilterOutputStream(raw) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }
                };
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        state.ensureOpen();
        TapeId id = header.id();
        TapeHeader start = header.withMetadata(header.metadata().recording(Instant.now()).withStats(null));
        S3TapeWriter writer;
        try {
            writer = new S3TapeWriter(this, start, UUID.randomUUID().toString(), newGeneration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetaObject meta = new MetaObject(writer.liveHeader(), writer.generation(), writer.liveBytes(),
                Optional.of(writer.token()), System.currentTimeMillis(), Optional.empty());
        String action = "starting tape " + id;
        synchronized (createLock) { // the one create of this process; If-None-Match keeps other processes out
            if (live.contains(id)) {
                throw new TapeExistsException(id);
            }
            if (conditionalCreate) {
                if (!objects.putIfAbsent(keys.meta(id), meta.toBytes(), action)) {
                    throw new TapeExistsException(id);
                }
            } else {
                if (objects.exists(keys.meta(id), action)) {
                    throw new TapeExistsException(id);
                }
                objects.put(keys.meta(id), meta.toBytes(), action);
            }
            live.add(id, writer);
        }
        try {
            objects.put(keys.records(id, writer.generation(), 0, settings.codec()),
                    settings.codec().encode((writer.firstLine() + "\n").getBytes(StandardCharsets.UTF_8)), action);
            objects.put(keys.index(id, start.createdAt()), meta.toBytes(), action);
        } catch (RuntimeException e) {
            live.remove(id, writer);
            try {
                objects.delete(keys.meta(id), action); // the claim goes with the tape it would have been
            } catch (StorageException ignored) {
                // the store is away: the claim lapses after lease, and the tape reads as an error
            }
            throw e;
        }
        return writer;
    }

    /** One batch of a live writer: a segment object named by the batch's number, so a resend overwrites it. */
    boolean commit(S3TapeWriter writer, BatchingTapeWriter.Batch b) {
        TapeId id = writer.id();
        String action = "writing recorded frames of tape " + id;
        if (!b.lines().isEmpty()) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (String line : b.lines()) {
                text.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                text.write('\n');
            }
            objects.put(keys.records(id, writer.generation(), b.number(), settings.codec()),
                    settings.codec().encode(text.toByteArray()), action);
        }
        if (b.last()) {
            MetaObject done = new MetaObject(b.row(), writer.generation(), b.bytes(), Optional.empty(),
                    System.currentTimeMillis(), Optional.empty());
            publish(done, "finishing tape " + id);
            if (settings.compact()) {
                compact(done);
            }
        }
        return true;
    }

    /**
     * Renews a live writer's claim and brings its listed counts up to date; false when the tape is not this
     * writer's any more (its meta object was deleted, or holds another writer's token).
     */
    boolean renew(S3TapeWriter writer, TapeHeader committed, long bytes) {
        TapeId id = writer.id();
        String action = "renewing the claim on tape " + id;
        Optional<MetaObject> now = meta(id, action);
        if (now.isEmpty() || !now.get().writer().equals(Optional.of(writer.token()))) {
            return false;
        }
        publish(new MetaObject(committed, writer.generation(), bytes, Optional.of(writer.token()),
                System.currentTimeMillis(), Optional.empty()), action);
        return true;
    }

    // A finished recording's segments rewritten as one object of a new generation; a failure leaves the
    // segments, which read the same.
    private void compact(MetaObject finished) {
        TapeId id = finished.header().id();
        String action = "compacting tape " + id;
        String generation = newGeneration();
        try {
            try (S3Objects.Upload upload = objects.upload(keys.records(id, generation, 0, settings.codec()), action)) {
                try (OutputStream encoded = encoder(upload);
                     InputStream in = records(id, finished.generation(), Optional.empty())) {
                    in.transferTo(encoded);
                }
                upload.complete();
            }
            MetaObject compacted = new MetaObject(finished.header(), generation, finished.bytes(), Optional.empty(),
                    finished.renewedAt(), Optional.of(settings.codec()));
            publish(compacted, action);
            deleteFolder(keys.generation(id, finished.generation()), action);
        } catch (StorageException | IOException | UncheckedIOException e) {
            LOG.warn("tape {} is finished, but compacting its segments failed (they are kept and read as they"
                    + " are): {}", id, e.getMessage());
        }
    }

    void forget(S3TapeWriter writer) {
        live.remove(writer.id(), writer);
    }

    @Override
    public boolean delete(TapeId id) {
        state.ensureOpen();
        live.refuse(id, "delete");
        String action = "deleting tape " + id;
        Optional<MetaObject> m = meta(id, action);
        if (m.isEmpty()) {
            return false;
        }
        refuseIfRecordedElsewhere(m.get(), "delete");
        // The index entry first: a tape is never listed without its meta object.
        objects.delete(keys.index(id, m.get().header().createdAt()), action);
        objects.delete(keys.meta(id), action);
        deleteFolder(keys.tapeFolder(id), action);
        return true;
    }

    private void refuseIfRecordedElsewhere(MetaObject m, String action) {
        if (m.writer().isPresent() && !lapsed(m)) {
            throw new StorageException("cannot " + action + " tape " + m.header().id() + " in s3 storage "
                    + settings.where() + " while another process records it (its claim was renewed "
                    + (System.currentTimeMillis() - m.renewedAt()) / 1000 + "s ago); stop that recording first,"
                    + " or wait lease=" + settings.lease() + " after it died");
        }
    }

    // Keys ending in / are a filesystem-backed store's directories (S3Proxy lists them), never objects of ours.
    private void deleteFolder(String folder, String action) {
        List<String> all = objects.list(folder, action).stream().map(S3Object::key).filter(k -> !k.endsWith("/"))
                .toList();
        objects.delete(all, action);
    }

    private static String newGeneration() {
        return "g" + Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Tape load(TapeId id) {
        Stored s = stored(id).orElseThrow(() -> new TapeNotFoundException(id));
        try (InputStream in = records(id, s.generation(), s.single())) {
            Tape tape = JsonLinesTapeReader.readTape(in, s.header(), id, source(id));
            return new Tape(s.header(), tape.frames(), tape.correlations());
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, e.line(), e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TapeHeader header(TapeId id) {
        return stored(id).orElseThrow(() -> new TapeNotFoundException(id)).header();
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
        Stored s = stored(id).orElseThrow(() -> new TapeNotFoundException(id));
        JsonLinesTapeReader reader = new JsonLinesTapeReader(records(id, s.generation(), s.single()), source(id), id);
        return reader.stream().onClose(() -> {
            try {
                reader.close();
            } catch (IOException ignored) {
                // an object's stream being read: its connection is dropped
            }
        });
    }

    /**
     * A generation's objects read in key order, one open at a time (bounded memory however long the tape); a
     * generation known to be one object is read without listing it.
     */
    private InputStream records(TapeId id, String generation, Optional<Codec> single) {
        String action = "reading tape " + id;
        List<String> parts = single.isPresent() ? List.of(keys.records(id, generation, 0, single.get()))
                : objects.list(keys.generation(id, generation), action).stream().map(S3Object::key)
                        .filter(k -> Codec.ofKey(k) != null).toList();
        Iterator<String> next = parts.iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                if (!next.hasNext()) {
                    throw new NoSuchElementException();
                }
                String key = next.next();
                InputStream raw = objects.open(key, action).orElseThrow(() -> new StorageException("tape " + id
                        + " in s3 storage " + settings.where() + " changed while it was read (" + key + " is gone:"
                        + " it was compacted, replaced or deleted meanwhile): read it again"));
                try {
                    return Codec.ofKey(key).decode(raw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public boolean exists(TapeId id) {
        state.ensureOpen();
        return live.contains(id) || objects.exists(keys.meta(id), "looking up tape " + id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        state.ensureOpen();
        List<S3Keys.IndexKey> entries = indexKeys(query);
        boolean keysSuffice = query.tags().isEmpty() && query.status() == null && query.sessionId() == null
                && query.nameContains() == null;
        if (keysSuffice) { // the keys say what matches and in which order: fetch the page's entries only
            int from = Math.min(query.offset(), entries.size());
            int to = (int) Math.min((long) from + query.limit(), entries.size());
            List<TapeSummary> page = new ArrayList<>();
            for (Stored s : fetch(entries.subList(from, to))) {
                page.add(s.summary());
            }
            return new Page<>(page, entries.size(), query.offset(), query.limit());
        }
        List<TapeSummary> all = summaries(entries).stream().filter(query::matches).toList();
        return Page.of(all, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        state.ensureOpen();
        Map<TapeId, Stored> byId = new HashMap<>();
        List<TapeSummary> all = new ArrayList<>();
        for (Stored s : fetch(indexKeys(TapeQuery.all()))) {
            byId.put(s.header().id(), s);
            all.add(s.summary());
        }
        TapeSearchMatcher matcher = new TapeSearchMatcher(query);
        // TapeSearchMatcher.scan's rules, with the tapes' records read READERS at once (each a request or two)
        List<Future<Optional<SearchHit>>> pending = new ArrayList<>();
        for (TapeSummary s : all) {
            if (matcher.filtersMatch(s)) {
                pending.add(readers.submit(() -> match(matcher, s, byId.get(s.id()))));
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (Future<Optional<SearchHit>> f : pending) {
            await(f).ifPresent(hits::add);
        }
        return matcher.page(hits);
    }

    private Optional<SearchHit> match(TapeSearchMatcher matcher, TapeSummary s, Stored stored) {
        TapeSearchMatcher.Match m = matcher.begin(s, stored.header().metadata().description(), null, null);
        if (m.needsFrames()) {
            try (Stream<Frame> frames = streamFrames(s.id())) {
                frames.forEach(m::accept);
            } catch (TapeNotFoundException deletedMeanwhile) {
                return Optional.empty();
            }
        }
        return m.result();
    }

    @Override
    public StorageStats stats() {
        state.ensureOpen();
        return StorageStats.of(summaries(indexKeys(TapeQuery.all())));
    }

    @Override
    public HealthStatus health() {
        if (state.isClosed()) {
            return HealthStatus.failing("closed");
        }
        try {
            objects.checkBucket("checking health");
            return HealthStatus.ok(settings.where() + ": reachable, " + live.size() + " recording here"
                    + (conditionalCreate ? "" : "; the store ignores If-None-Match (conditional create)"));
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
            readers.shutdownNow();
            objects.close();
        }
    }

    @Override
    public String toString() {
        return "s3 " + settings.where();
    }

    // ---------------------------------------------------------------- tapes as reported

    /** A stored tape as it is reported. */
    private record Stored(TapeHeader header, String generation, long bytes, Optional<Codec> single) {
        TapeSummary summary() {
            return TapeSummary.of(header, header.metadata().status(), header.metadata().stats(), bytes);
        }
    }

    private Optional<Stored> stored(TapeId id) {
        state.ensureOpen();
        S3TapeWriter w = live.get(id);
        if (w != null) {
            return Optional.of(new Stored(w.liveHeader(), w.generation(), w.liveBytes(), Optional.empty()));
        }
        return meta(id, "reading tape " + id).map(this::asStored);
    }

    private Optional<MetaObject> meta(TapeId id, String action) {
        return objects.get(keys.meta(id), action).map(b -> parse(id, keys.meta(id), b));
    }

    private MetaObject parse(TapeId id, String key, byte[] body) {
        try {
            return MetaObject.read(body, "s3 storage " + settings.where() + " " + key);
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, 0, e.getMessage(), e);
        }
    }

    // A tape whose writer's claim lapsed lost its writer: reported as an error, as it stands.
    private Stored asStored(MetaObject m) {
        TapeHeader h = m.header();
        if (h.metadata().status() == TapeStatus.RECORDING && lapsed(m)) {
            h = h.withMetadata(h.metadata().withStatus(TapeStatus.ERROR));
        }
        return new Stored(h, m.generation(), m.bytes(), m.single());
    }

    private boolean lapsed(MetaObject m) {
        return m.writer().isEmpty() || System.currentTimeMillis() - m.renewedAt() > settings.lease().toMillis();
    }

    /**
     * The index entries in the query's time range, newest first, from their keys alone: the {@value
     * S3Keys#SHARDS} shards listed at once, merged.
     */
    private List<S3Keys.IndexKey> indexKeys(TapeQuery query) {
        List<Future<List<S3Object>>> shards = new ArrayList<>(S3Keys.SHARDS);
        for (int s = 0; s < S3Keys.SHARDS; s++) {
            String shard = keys.indexShard(s);
            shards.add(readers.submit(() -> objects.list(shard, "listing tapes")));
        }
        List<S3Keys.IndexKey> out = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (int s = 0; s < S3Keys.SHARDS; s++) {
            String shard = keys.indexShard(s);
            for (S3Object o : await(shards.get(s))) {
                present.add(o.key());
                S3Keys.parseIndex(shard, o.key(), o.eTag()).ifPresent(k -> {
                    if ((query.createdAfter() == null || !k.created().isBefore(query.createdAfter()))
                            && (query.createdBefore() == null || k.created().isBefore(query.createdBefore()))) {
                        out.add(k);
                    }
                });
            }
        }
        out.sort(java.util.Comparator.comparing(S3Keys.IndexKey::order));
        if (query.createdAfter() == null && query.createdBefore() == null) {
            index.keySet().retainAll(present); // entries deleted since are forgotten
        }
        return out;
    }

    private List<TapeSummary> summaries(List<S3Keys.IndexKey> entries) {
        return fetch(entries).stream().map(Stored::summary).toList();
    }

    /**
     * The tapes of these index entries, in their order: a tape recorded here as it is now, others from their
     * entries, cached by ETag, those not cached fetched {@value #READERS} at once. An entry deleted since it
     * was listed is left out.
     */
    private List<Stored> fetch(List<S3Keys.IndexKey> entries) {
        List<Future<Optional<MetaObject>>> pending = new ArrayList<>(Collections.nCopies(entries.size(), null));
        for (int i = 0; i < entries.size(); i++) {
            S3Keys.IndexKey k = entries.get(i);
            Cached c = index.get(k.key());
            if (!live.contains(k.id()) && (c == null || !c.etag().equals(k.etag()))) {
                pending.set(i, readers.submit(() -> objects.get(k.key(), "listing tapes")
                        .map(b -> parse(k.id(), k.key(), b))));
            }
        }
        List<Stored> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            S3Keys.IndexKey k = entries.get(i);
            S3TapeWriter w = live.get(k.id());
            if (w != null) {
                out.add(new Stored(w.liveHeader(), w.generation(), w.liveBytes(), Optional.empty()));
                continue;
            }
            MetaObject m;
            Future<Optional<MetaObject>> f = pending.get(i);
            if (f == null) {
                Cached c = index.get(k.key());
                m = c != null ? c.meta() : meta(k.id(), "listing tapes").orElse(null);
            } else {
                m = await(f).orElse(null);
                if (m != null && k.etag() != null) {
                    index.put(k.key(), new Cached(k.etag(), m));
                }
            }
            if (m != null) {
                out.add(asStored(m));
            }
        }
        return out;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StorageException("an s3 storage task failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for s3 storage requests", e);
        }
    }

    private String source(TapeId id) {
        return "s3 storage " + settings.where() + " tape " + id;
    }

    /** Counts the bytes written through it (the records' size, before compression). */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
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
