package io.shadowcat.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.RecordingProcess;
import io.shadowcat.testkit.SampleTapes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the kit cannot see: the layout, other processes, a dead writer, a store that refuses or goes away, settings. */
class S3TapeStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TapeStorageBackend open(S3ProxyServer on, String prefix, String... keyValues) {
        Map<String, String> s = new HashMap<>(on.settings(prefix));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return new S3StorageProvider().create(StorageSettings.of("s3", s), OpenMode.CREATE);
    }

    private static Frame frame(long seq) {
        return Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}"));
    }

    private static TapeHeader header(String id) {
        return new TapeHeader(TapeId.of(id), null, T0, "2025-06-18", null);
    }

    private static S3Client raw(S3ProxyServer on) {
        return S3Client.builder().endpointOverride(URI.create(on.endpoint())).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build();
    }

    // The objects under prefix; S3Proxy's filesystem blobstore also lists its directories (keys ending in /)
    private static List<String> keys(S3Client raw, String prefix) {
        return raw.listObjectsV2Paginator(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).filter(k -> !k.endsWith("/")).toList();
    }

    @Test
    void theLayoutIsAsDocumentedSegmentsWhileRecordingOneObjectOnceCompacted() {
        String prefix = "layout/";
        try (TapeStorageBackend store = open(server, prefix, "compression", "none", "batch_interval", "1h");
             S3Client raw = raw(server)) {
            TapeWriter w = store.openWriter(header("rec"));
            w.append(frame(0));
            w.flush();
            w.append(frame(1));
            w.flush();
            List<String> live = keys(raw, prefix);
            assertThat(live).contains(prefix + "shadowcat-s3.json", prefix + "tapes/rec/meta.json");
            assertThat(live).filteredOn(k -> k.startsWith(prefix + "index/")).singleElement()
                    .satisfies(k -> assertThat(k).endsWith("-rec.json"));
            assertThat(live).filteredOn(k -> k.startsWith(prefix + "tapes/rec/g")).hasSize(3) // init + 2 batches
                    .allSatisfy(k -> assertThat(k).matches(".*/g[^/]+/\\d{10}\\.jsonl"));
            String segment = raw.getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET)
                    .key(live.stream().filter(k -> k.endsWith("0000000001.jsonl")).findFirst().orElseThrow()))
                    .asUtf8String();
            assertThat(segment).startsWith("{\"type\":\"frame\"").endsWith("\n");
            w.finish(TapeStatus.FINALIZED);
            assertThat(keys(raw, prefix + "tapes/rec/")).filteredOn(k -> !k.endsWith("meta.json")).singleElement()
                    .satisfies(k -> assertThat(k).endsWith("/0000000000.jsonl"));
            assertThat(store.load(TapeId.of("rec")).frames()).containsExactly(frame(0), frame(1));
            assertThat(store.delete(TapeId.of("rec"))).isTrue();
            assertThat(keys(raw, prefix)).containsExactly(prefix + "shadowcat-s3.json");
        }
    }

    @Test
    void aStoreIgnoringIfNoneMatchIsProbedAndSaysSo() {
        // S3Proxy 2.6 ignores If-None-Match on PUT: the backend must not claim conditional create.
        try (TapeStorageBackend store = open(server, "probe/")) {
            assertThat(store.capabilities()).doesNotContain(ProviderCapability.CONDITIONAL_CREATE)
                    .contains(ProviderCapability.LIVE_APPEND, ProviderCapability.MULTI_HOST);
            assertThat(store.health().detail()).contains("ignores If-None-Match");
            store.save(SampleTapes.tape(1, "taken", 3, 0));
            assertThatThrownBy(() -> store.openWriter(header("taken"))).isInstanceOf(TapeExistsException.class);
        }
        assertThat(new S3StorageProvider().capabilities()).contains(ProviderCapability.CONDITIONAL_CREATE);
    }

    @Test
    void aKilledRecordingIsReportedAsErrorWithItsCommittedFramesOnceItsLeaseLapses() throws Exception {
        String prefix = "crash/";
        Map<String, String> settings = new HashMap<>(server.settings(prefix));
        settings.put("lease", "5s");
        try (RecordingProcess child = RecordingProcess.start("s3", "rec", settings);
             TapeStorageBackend reader = open(server, prefix, "lease", "5s")) {
            child.append(7);
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).as("recorded by a live process")
                    .isEqualTo(TapeStatus.RECORDING);
            assertThatThrownBy(() -> reader.delete(TapeId.of("rec"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("another process records it");
            assertThatThrownBy(() -> reader.openWriter(header("rec"))).isInstanceOf(TapeExistsException.class);
            child.kill();
            // The claim lapses lease (5s) after the child's last renewal: wait for that event.
            while (reader.header(TapeId.of("rec")).metadata().status() == TapeStatus.RECORDING) {
                Thread.onSpinWait();
            }
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).total()).isEqualTo(1);
            assertThat(reader.load(TapeId.of("rec")).frames()).hasSize(7);
            assertThat(reader.delete(TapeId.of("rec"))).as("a dead writer's tape can be deleted").isTrue();
        }
    }

    @Test
    void aStoreThatGoesAwayMidRecordingLosesNothingCommittedAndCatchesUpWhenBack() throws Exception {
        try (S3ProxyServer doomed = S3ProxyServer.start()) {
            // No short timeout: a killed store refuses connections at once (a timeout would race a loaded machine)
            TapeStorageBackend store = open(doomed, "away/", "max_attempts", "2", "batch_interval", "1h");
            TapeWriter w = store.openWriter(header("cut"));
            w.append(frame(0));
            w.flush();
            w.append(frame(1));
            doomed.kill();
            assertThatThrownBy(w::flush).isInstanceOf(StorageException.class)
                    .hasMessageContaining("s3 storage s3://shadowcat-test/away/ at http://127.0.0.1:" + doomed.port())
                    .hasMessageContaining("unreachable").hasMessageContaining("fix the endpoint setting");
            // Appends after a failed commit only buffer (the committer retries): the recording goes on.
            for (long seq = 2; seq < 600; seq++) {
                w.append(frame(seq));
            }
            assertThat(w.durableFrames()).as("what the tape reports as kept").hasValue(1);
            assertThatThrownBy(() -> store.list(TapeQuery.all())).isInstanceOf(StorageException.class)
                    .hasMessageContaining("unreachable while listing tapes");
            assertThat(store.health().healthy()).isFalse();
            doomed.restart();
            w.flush(); // the failed batch is resent as it was, then the rest
            assertThat(w.durableFrames()).hasValue(600);
            w.finish(TapeStatus.FINALIZED);
            assertThat(store.load(TapeId.of("cut")).frames()).hasSize(600)
                    .extracting(Frame::seq).doesNotHaveDuplicates();
            store.close();
        }
    }

    @Test
    void aSaveCutShortByTheStoreGoingAwayLeavesNoTape() throws Exception {
        try (S3ProxyServer doomed = S3ProxyServer.start()) {
            try (TapeStorageBackend store = open(doomed, "half/", "max_attempts", "1")) {
                doomed.kill();
                assertThatThrownBy(() -> store.save(SampleTapes.tape(3, "half", 50, 1)))
                        .isInstanceOf(StorageException.class).hasMessageContaining("unreachable");
                doomed.restart();
                assertThat(store.exists(TapeId.of("half"))).isFalse();
                assertThat(store.list(TapeQuery.all()).total()).isZero();
            }
        }
    }

    @Test
    void badCredentialsMissingBucketAndWrongEndpointAreOneLineErrorsNamingTheSetting() throws Exception {
        S3StorageProvider p = new S3StorageProvider();
        Map<String, String> wrongSecret = new HashMap<>(server.settings("creds/"));
        wrongSecret.put("secret_key", "not-the-secret-xyz");
        assertThatThrownBy(() -> p.create(StorageSettings.of("s3", wrongSecret)))
                .isInstanceOf(StorageException.class).hasMessageContaining("refused the credentials")
                .hasMessageContaining("access_key and secret_key settings")
                .hasMessageNotContaining("not-the-secret-xyz").hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
        Map<String, String> noBucket = new HashMap<>(server.settings("nobucket/"));
        noBucket.put("bucket", "no-such-bucket");
        assertThatThrownBy(() -> p.create(StorageSettings.of("s3", noBucket)))
                .isInstanceOf(StorageException.class).hasMessageContaining("'no-such-bucket' does not exist")
                .hasMessageContaining("fix the bucket setting");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<String, String> nowhere = new HashMap<>(server.settings("nowhere/"));
        nowhere.put("endpoint", "http://127.0.0.1:" + closed);
        nowhere.put("max_attempts", "2");
        assertThatThrownBy(() -> p.create(StorageSettings.of("s3", nowhere)))
                .isInstanceOf(StorageException.class).hasMessageContaining("unreachable while opening the store")
                .hasMessageContaining("fix the endpoint setting").hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
        try (TapeStorageBackend ok = p.create(StorageSettings.of("s3", server.settings("creds/")))) {
            assertThat(ok.toString()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
        }
    }

    @Test
    void openingAsExistingAStoreThatIsNotThereCreatesNothing() {
        try (S3Client raw = raw(server)) {
            assertThatThrownBy(() -> new S3StorageProvider().create(StorageSettings.of("s3",
                    server.settings("typo/")), OpenMode.EXISTING)).hasMessageContaining("no such s3 storage")
                    .hasMessageContaining("typo");
            assertThat(keys(raw, "typo/")).isEmpty();
        }
    }

    @Test
    void aForeignMarkerIsRefusedAndLeftAlone() {
        try (S3Client raw = raw(server)) {
            raw.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key("foreign/shadowcat-s3.json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("someone else's"));
            assertThatThrownBy(() -> open(server, "foreign/")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("use another prefix");
            assertThat(raw.getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key("foreign/shadowcat-s3.json"))
                    .asUtf8String()).isEqualTo("someone else's");
        }
    }

    @Test
    void theProviderIsFoundThroughServiceLoaderWithItsCapabilitiesAndSettings() {
        io.shadowcat.storage.ProviderInfo info = io.shadowcat.storage.StorageRegistry.global().info("s3");
        assertThat(info.capabilities()).containsExactlyInAnyOrder(ProviderCapability.LIVE_APPEND,
                ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH,
                ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.MULTI_PROCESS, ProviderCapability.MULTI_HOST,
                ProviderCapability.COMPRESSION, ProviderCapability.REMOTE_STORAGE);
        assertThat(info.configSchema().fields()).extracting(f -> f.name()).contains("bucket", "prefix", "region",
                "endpoint", "path_style", "access_key", "secret_key", "part_size", "compression", "batch_frames",
                "batch_interval");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        S3StorageProvider p = new S3StorageProvider();
        Map<String, String> base = Map.of("bucket", "my-tapes");
        for (String[] bad : new String[][] {{"bucket", "Bad_Bucket"}, {"prefix", "a b"}, {"prefix", "/abs"},
                {"endpoint", "ftp://x"}, {"part_size", "1MiB"}, {"part_size", "lots"}, {"compression", "gzip"},
                {"lease", "1s"}, {"timeout", "10ms"}, {"max_attempts", "0"}, {"batch_frames", "0"},
                {"access_key", "AKIAONLYTHEKEY"}}) {
            Map<String, String> s = new HashMap<>(base);
            s.put(bad[0], bad[1]);
            assertThatThrownBy(() -> p.validate(StorageSettings.of("s3", s))).as(bad[0] + "=" + bad[1])
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(bad[0].equals("access_key") ? "secret_key" : bad[0]);
        }
        assertThatThrownBy(() -> p.validate(StorageSettings.of("s3", Map.of("endpoint", "http://u:pw@h:1",
                "bucket", "b-b")))).isInstanceOf(InvalidConfigException.class).hasMessageNotContaining("pw@");
        S3Settings s = S3Settings.from(StorageSettings.of("s3", Map.of("bucket", "my-tapes", "prefix", "team/a",
                "part_size", "16MiB", "compression", "none", "access_key", "AKIAEXAMPLE", "secret_key", "s3cr3t-value")));
        assertThat(s.prefix()).isEqualTo("team/a/");
        assertThat(s.partSize()).isEqualTo(16L << 20);
        assertThat(s.codec()).isEqualTo(Codec.NONE);
        assertThat(s.toString()).isEqualTo("s3://my-tapes/team/a/ in us-east-1").doesNotContain("s3cr3t");
    }
}
