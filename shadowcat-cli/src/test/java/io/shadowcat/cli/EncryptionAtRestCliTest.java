package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.sqlite.SqliteStorageProvider;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.EncryptedTapeException;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TransportInfo;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.SampleTapes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest, end to end: no known plaintext anywhere in the filesystem provider's directory or
 * the sqlite database file (its text index included); the stored segments are age files the stock
 * {@code age} CLI (Debian's {@code age} package) decrypts to JSON Lines; a wrong or missing identity is one
 * clear error; {@code tape rekey} moves tapes to new recipients.
 */
class EncryptionAtRestCliTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    /** Words that occur only in the tape's plaintext: message, name, description, session, transport. */
    private static final List<String> SECRETS = List.of("zanzibar-quokka", "Tape of Marmalade", "confidential-descr",
            "session-peregrine", "/opt/secret-server", "get_forecast", "Reykjav");

    @TempDir
    Path cwd;
    private LayerKeys.AgeFiles age;
    private CliRunner cli;

    @BeforeEach
    void keys() {
        age = LayerKeys.age(cwd, "age");
        cli = new CliRunner(cwd);
    }

    private StorageSettings encryption(LayerKeys.AgeFiles keys) {
        return StorageSettings.of("", Map.of("encryption", "age", "age_recipients_file", keys.recipients().toString(),
                "age_identity_file", keys.identity().toString()));
    }

    private TapeStorageBackend filesystem() {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", Map.of("path", cwd.resolve("tapes").toString())));
    }

    private TapeStorageBackend sqlite() {
        return new SqliteStorageProvider().create(StorageSettings.of("sqlite", Map.of("path", cwd.resolve("tapes.db").toString())));
    }

    private static Tape secretTape(String id) {
        Tape sample = SampleTapes.tape(9, id, 30, 2);
        List<Frame> frames = new ArrayList<>(sample.frames());
        frames.add(Frame.of(30, 5000, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":99,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"get_forecast\",\"arguments\":{\"city\":\"Reykjavík\","
                + "\"token\":\"zanzibar-quokka\"}}}")));
        TapeMetadata m = sample.metadata().withName("Tape of Marmalade").withDescription("confidential-descr")
                .withTransport(TransportInfo.stdio("/opt/secret-server", List.of("--x"), 4242L));
        return new Tape(new io.shadowcat.tape.TapeHeader(sample.id(), "session-peregrine", sample.header().createdAt(),
                "2025-06-18", m), frames, sample.correlations());
    }

    /** Every file under {@code root} as text bytes (ISO-8859-1 keeps every byte), with its name. */
    private static Map<Path, String> everyFile(Path root) throws Exception {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(p, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    private static void assertNoPlaintext(Map<Path, String> files) {
        assertThat(files).isNotEmpty();
        for (var e : files.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(e.getValue()).as("%s holds %s", e.getKey(), secret)
                        .doesNotContain(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void noKnownPlaintextIsStoredOnFilesystemOrSqlite() throws Exception {
        for (TapeStorageBackend provider : List.of(filesystem(), sqlite())) {
            try (TapeStorageBackend s = new TamperLayer().wrap(new EncryptionLayer().wrap(provider, encryption(age)),
                    StorageSettings.of("", Map.of("signing_key_file", LayerKeys.ed25519(cwd, "k").privateKey().toString())))) {
                s.save(secretTape("saved"));
                Tape live = secretTape("live");
                try (var w = s.openWriter(live.header())) {
                    live.frames().forEach(w::append);
                    live.correlations().forEach(w::append);
                    w.updateHeader(live.header());
                }
                // it all reads back, and search finds the secret by decrypting
                assertThat(s.load(live.id()).frames()).isEqualTo(live.frames());
                assertThat(s.header(live.id()).metadata().name()).isEqualTo("Tape of Marmalade");
                assertThat(s.search(io.shadowcat.storage.query.SearchQuery.parse("zanzibar-quokka")).total()).isEqualTo(2);
            }
        }
        Map<Path, String> files = everyFile(cwd.resolve("tapes"));
        try (Stream<Path> db = Files.list(cwd)) {
            for (Path p : db.filter(p -> p.getFileName().toString().startsWith("tapes.db") && Files.isRegularFile(p)).toList()) {
                files.put(p, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(files.keySet()).anyMatch(p -> p.getFileName().toString().equals("tapes.db"));
        assertNoPlaintext(files);
    }

    @Test
    void theStockAgeCliDecryptsExportedSegmentsToJsonLines() throws Exception {
        Path ageBin = Stream.of("/usr/bin/age", "/usr/local/bin/age").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("the age CLI is missing: install Debian's age package (apt-get install age)"));
        Tape tape = secretTape("aged");
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(age))) {
            try (var w = s.openWriter(tape.header())) {
                for (Frame f : tape.frames()) {
                    w.append(f);
                    if (f.seq() % 10 == 9) {
                        w.flush(); // one segment per flush: four segments
                    }
                }
            }
        }
        assertThat(cli.run("tape", "export-age", "aged", "-o", "raw", "--storage", "filesystem:path=tapes"))
                .as(cli.err()).isZero();
        List<Path> segments;
        try (Stream<Path> files = Files.list(cwd.resolve("raw"))) {
            segments = files.sorted().toList();
        }
        assertThat(segments).extracting(p -> p.getFileName().toString())
                .containsExactly("aged.000000.age", "aged.000001.age", "aged.000002.age", "aged.000003.age");
        List<JsonNode> frames = new ArrayList<>();
        for (Path seg : segments) {
            assertThat(new String(Files.readAllBytes(seg), 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
            Process p = new ProcessBuilder(ageBin.toString(), "-d", "-i", age.identity().toString(), seg.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            assertThat(p.waitFor()).as("age -d %s", seg).isZero();
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(TapeJson.parse(lines[0]).path("type").asText()).isEqualTo("init");
            for (String line : lines) {
                JsonNode n = TapeJson.parse(line); // every line is valid JSON
                if (n.path("type").asText().equals("frame")) {
                    frames.add(n);
                }
            }
        }
        assertThat(frames).hasSize(31);
        assertThat(frames.get(30).toString()).contains("zanzibar-quokka");
        // a wrong key: age itself refuses
        LayerKeys.AgeFiles other = LayerKeys.age(cwd, "other");
        Process wrong = new ProcessBuilder(ageBin.toString(), "-d", "-i", other.identity().toString(), segments.get(0).toString())
                .redirectErrorStream(true).start();
        wrong.getInputStream().transferTo(OutputStreamSink.INSTANCE);
        assertThat(wrong.waitFor()).isNotZero();
    }

    @Test
    void keysWrittenByAgeKeygenWork() throws Exception {
        Process gen = new ProcessBuilder("age-keygen", "-o", "kg.txt").directory(cwd.toFile()).redirectErrorStream(true).start();
        gen.getInputStream().transferTo(OutputStreamSink.INSTANCE);
        assertThat(gen.waitFor()).isZero();
        Process pub = new ProcessBuilder("age-keygen", "-y", "kg.txt").directory(cwd.toFile())
                .redirectOutput(cwd.resolve("kg.recipients").toFile()).start();
        assertThat(pub.waitFor()).isZero();
        StorageSettings settings = StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", cwd.resolve("kg.recipients").toString(), "age_identity_file", cwd.resolve("kg.txt").toString()));
        new EncryptionLayer().validate(settings); // age-keygen's "# created" and "# public key" comment lines are skipped
        Tape tape = secretTape("keygen");
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), settings)) {
            s.save(tape);
            assertThat(s.load(tape.id()).frames()).isEqualTo(tape.frames());
        }
    }

    @Test
    void aWrongOrMissingIdentityIsOneClearErrorAndListingStillWorks() {
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(age))) {
            s.save(secretTape("locked"));
        }
        LayerKeys.AgeFiles other = LayerKeys.age(cwd, "other");
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(other))) {
            assertThatThrownBy(() -> s.load(io.shadowcat.tape.TapeId.of("locked")))
                    .isInstanceOfSatisfying(EncryptedTapeException.class,
                            e -> assertThat(e.reason()).isEqualTo(EncryptedTapeException.Reason.WRONG_IDENTITY))
                    .hasMessageContaining("tape locked").hasMessageContaining(other.identity().toString())
                    .hasMessageNotContaining("AGE-SECRET-KEY");
        }
        StorageSettings writeOnly = StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", age.recipients().toString()));
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), writeOnly)) {
            assertThatThrownBy(() -> s.streamFrames(io.shadowcat.tape.TapeId.of("locked")).count())
                    .isInstanceOfSatisfying(EncryptedTapeException.class,
                            e -> assertThat(e.reason()).isEqualTo(EncryptedTapeException.Reason.NO_IDENTITY))
                    .hasMessageContaining("age_identity_file");
            TapeSummary listed = s.list(TapeQuery.all()).items().get(0);
            assertThat(listed.id().value()).isEqualTo("locked");
            assertThat(listed.name()).as("private without the identity").isNull();
            assertThat(listed.tags()).isEqualTo(secretTape("locked").metadata().tags());
        }
    }

    @Test
    void badKeyFilesAreRefusedNamingTheFileAndLineNeverTheKey() throws Exception {
        Path bad = cwd.resolve("bad.txt");
        Files.writeString(bad, "# comment\n\nage1notavalidkeyatall\n");
        EncryptionLayer layer = new EncryptionLayer();
        assertThatThrownBy(() -> layer.validate(StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", bad.toString()))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(bad + " line 3")
                .hasMessageNotContaining("notavalidkey");
        assertThatThrownBy(() -> layer.validate(StorageSettings.of("", Map.of("encryption", "age"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("age_recipients_file");
        assertThatThrownBy(() -> layer.validate(StorageSettings.of("", Map.of("encryption", "rot13"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("use none or age");
        Files.writeString(bad, "AGE-SECRET-KEY-1QQQQ\n");
        assertThatThrownBy(() -> layer.validate(StorageSettings.of("", Map.of("encryption", "age",
                "age_identity_file", bad.toString()))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(bad + " line 1")
                .hasMessageNotContaining("QQQQ");
    }

    @Test
    void rekeyMovesEveryTapeToTheNewRecipients() throws Exception {
        Tape tape = secretTape("moved");
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(age))) {
            s.save(tape);
            s.save(secretTape("second"));
        }
        LayerKeys.AgeFiles next = LayerKeys.age(cwd, "next");
        assertThat(cli.run("tape", "rekey", "--all", "--to-recipients", "next.recipients.txt", "--storage",
                "filesystem:path=tapes,encryption=age,age_identity_file=age.key.txt")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("rekeyed moved").contains("rekeyed second");
        try (TapeStorageBackend old = new EncryptionLayer().wrap(filesystem(), encryption(age))) {
            assertThatThrownBy(() -> old.load(tape.id())).isInstanceOf(EncryptedTapeException.class);
        }
        try (TapeStorageBackend now = new EncryptionLayer().wrap(filesystem(), encryption(next))) {
            Tape back = now.load(tape.id());
            assertThat(back.frames()).isEqualTo(tape.frames());
            assertThat(back.correlations()).isEqualTo(tape.correlations());
            assertThat(back.metadata().name()).isEqualTo("Tape of Marmalade");
        }
        assertNoPlaintext(everyFile(cwd.resolve("tapes")));
    }

    @Test
    void aRekeyCutShortBetweenTheFilesystemsTwoFilesIsReadableWithBothIdentitiesAndFinishedByRunningItAgain()
            throws Exception {
        Tape tape = secretTape("cut");
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(age))) {
            s.save(tape);
        }
        Path meta = cwd.resolve("tapes").resolve("cut.meta.json");
        byte[] oldMeta = Files.readAllBytes(meta);
        LayerKeys.AgeFiles next = LayerKeys.age(cwd, "next");
        assertThat(cli.run("tape", "rekey", "cut", "--to-recipients", "next.recipients.txt", "--storage",
                "filesystem:path=tapes,encryption=age,age_identity_file=age.key.txt")).as(cli.err()).isZero();
        Files.write(meta, oldMeta); // as if the process died after the frames file was replaced, before the metadata
        Path both = Files.writeString(cwd.resolve("both.key.txt"), Files.readString(age.identity()) + Files.readString(next.identity()));
        StorageSettings withBoth = StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", next.recipients().toString(), "age_identity_file", both.toString()));
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), withBoth)) {
            assertThat(s.load(tape.id()).frames()).isEqualTo(tape.frames());
        }
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(next))) {
            assertThatThrownBy(() -> s.load(tape.id())).isInstanceOf(EncryptedTapeException.class); // the old header
        }
        assertThat(cli.run("tape", "rekey", "cut", "--to-recipients", "next.recipients.txt", "--storage",
                "filesystem:path=tapes,encryption=age,age_identity_file=both.key.txt")).as(cli.err()).isZero();
        try (TapeStorageBackend s = new EncryptionLayer().wrap(filesystem(), encryption(next))) {
            assertThat(s.load(tape.id()).frames()).isEqualTo(tape.frames());
        }
    }

    /** Discards what a child prints. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
