package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.sqlite.SqliteStorageProvider;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.layer.tamper.TapeVerifier;
import io.shadowcat.storage.layer.tamper.Verification;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.SampleTapes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on stored tapes written through the tamper layer (alone, and over encryption), on the filesystem
 * and sqlite providers, caught by {@code shadowcat tape verify} (or, for encrypted tapes until the layer
 * stack is wired into the command line, by the verifier over the encryption layer).
 */
class TamperEvidenceCliTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final TapeId ID = TapeId.of("evidence");

    @TempDir
    Path cwd;
    private LayerKeys.SigningFiles signer;
    private CliRunner cli;

    @BeforeEach
    void keys() {
        signer = LayerKeys.ed25519(cwd, "signer");
        cli = new CliRunner(cwd);
    }

    private StorageSettings signing() {
        return StorageSettings.of("", Map.of("signing_key_file", signer.privateKey().toString()));
    }

    private TapeStorageBackend filesystem() {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", Map.of("path", cwd.resolve("tapes").toString())));
    }

    private TapeStorageBackend sqlite() {
        return new SqliteStorageProvider().create(StorageSettings.of("sqlite", Map.of("path", cwd.resolve("tapes.db").toString())));
    }

    /** Records a 20-frame sample through a writer, flushing every 4 frames (so encrypted tapes get several segments). */
    private static Tape record(TapeStorageBackend storage) {
        Tape sample = SampleTapes.tape(3, ID.value(), 20, 1);
        try (TapeWriter w = storage.openWriter(sample.header())) {
            int n = 0;
            for (var f : sample.frames()) {
                w.append(f);
                if (++n % 4 == 0) {
                    w.flush();
                }
            }
            sample.correlations().forEach(w::append);
            w.finish(TapeStatus.FINALIZED);
        }
        return sample;
    }

    private Path jsonl() {
        return cwd.resolve("tapes").resolve(ID.value() + ".jsonl");
    }

    private void editLines(UnaryOperator<List<String>> edit) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(jsonl(), StandardCharsets.UTF_8));
        Files.write(jsonl(), edit.apply(lines), StandardCharsets.UTF_8);
    }

    private static int lineOf(List<String> lines, long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"frame\",\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no line for frame " + seq);
    }

    private int verify(String storage) {
        return cli.run("tape", "verify", ID.value(), "--storage", storage, "--public-key", signer.publicKey().toString());
    }

    @Test
    void anIntactTapeVerifiesAndSurvivesExportImportAndMigrate() throws Exception {
        try (TapeStorageBackend s = new TamperLayer().wrap(filesystem(), signing())) {
            record(s);
        }
        assertThat(verify("filesystem:path=tapes")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("evidence: intact: 20 frames, signed by key");
        // through a plain (raw) export and import into sqlite, the frames keep their chain values and the checksum
        assertThat(cli.run("tape", "export", ID.value(), "-o", "out", "--storage", "filesystem:path=tapes")).as(cli.err()).isZero();
        assertThat(cli.run("tape", "import", "out", "--storage", "sqlite:path=tapes.db")).as(cli.err()).isZero();
        assertThat(verify("sqlite:path=tapes.db")).as(cli.err() + cli.out()).isZero();
        assertThat(cli.run("tape", "migrate", "--from", "sqlite:path=tapes.db", "--to", "filesystem:path=copy"))
                .as(cli.err()).isZero();
        assertThat(verify("filesystem:path=copy")).as(cli.err() + cli.out()).isZero();
        // another key did not sign it
        LayerKeys.SigningFiles other = LayerKeys.ed25519(cwd, "other");
        assertThat(cli.run("tape", "verify", "--all", "--storage", "filesystem:path=copy", "--public-key",
                other.publicKey().toString())).isEqualTo(1);
        assertThat(cli.out()).contains("evidence: BROKEN: the checkpoint was signed by key");
    }

    @Test
    void aKeyWrittenByOpensslSignsAndItsPublicKeyVerifies() throws Exception {
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", "ossl.pem");
        run("openssl", "pkey", "-in", "ossl.pem", "-pubout", "-out", "ossl.pub.pem");
        StorageSettings settings = StorageSettings.of("", Map.of("signing_key_file", cwd.resolve("ossl.pem").toString()));
        new TamperLayer().validate(settings);
        try (TapeStorageBackend s = new TamperLayer().wrap(filesystem(), settings)) {
            record(s);
        }
        assertThat(cli.run("tape", "verify", ID.value(), "--storage", "filesystem:path=tapes", "--public-key", "ossl.pub.pem"))
                .as(cli.out() + cli.err()).isZero();
        run("openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.pem");
        assertThatThrownBy(() -> new TamperLayer().validate(StorageSettings.of("", Map.of("signing_key_file",
                cwd.resolve("rsa.pem").toString()))))
                .isInstanceOf(io.shadowcat.storage.InvalidConfigException.class)
                .hasMessageContaining("rsa.pem is not an Ed25519 private key");
    }

    private void run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError(command[0] + " is missing: install Debian's " + command[0] + " package", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alter", "flip", "delete", "swap", "append", "resign"})
    void everyAttackOnAFilesystemTapeIsNamed(String attack) throws Exception {
        try (TapeStorageBackend s = new TamperLayer().wrap(filesystem(), signing())) {
            record(s);
        }
        String expected = switch (attack) {
            case "alter" -> {
                editLines(l -> { int i = lineOf(l, 7); l.set(i, l.get(i).replace("\"jsonrpc\":\"2.0\"", "\"jsonrpc\":\"2.1\"")); return l; });
                yield "evidence: BROKEN at frame 7: frame 7 (record 8) does not match the chain";
            }
            case "flip" -> { // one byte of the line, whatever it breaks: the reader skips the line, a frame is missing
                editLines(l -> { int i = lineOf(l, 7); l.set(i, l.get(i).replaceFirst("\"seq\":7,", "\"seq\":7;")); return l; });
                yield "evidence: BROKEN at frame 8: frame 8 (record 8) does not match the chain";
            }
            case "delete" -> {
                editLines(l -> { l.remove(lineOf(l, 7)); return l; });
                yield "evidence: BROKEN at frame 8";
            }
            case "swap" -> {
                editLines(l -> { int i = lineOf(l, 7); String a = l.get(i); l.set(i, l.get(i + 1)); l.set(i + 1, a); return l; });
                yield "evidence: BROKEN at frame 8";
            }
            case "append" -> {
                editLines(l -> { int i = lineOf(l, 19); l.add(i + 1, l.get(i).replace("\"seq\":19,", "\"seq\":20,")); return l; });
                yield "evidence: BROKEN at frame 20: frame 20 was appended after the checkpoint signed 20 frames";
            }
            default -> { // the checkpoint's time changed: its signature no longer matches
                Path meta = cwd.resolve("tapes").resolve(ID.value() + ".meta.json");
                String text = Files.readString(meta);
                Files.writeString(meta, text.replace("\\\"at\\\":\\\"2026", "\\\"at\\\":\\\"2025"));
                yield "evidence: BROKEN: the checkpoint's signature does not match it";
            }
        };
        assertThat(verify("filesystem:path=tapes")).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alter", "delete", "swap"})
    void everyAttackOnASqliteTapeIsNamed(String attack) throws Exception {
        try (TapeStorageBackend s = new TamperLayer().wrap(sqlite(), signing())) {
            record(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cwd.resolve("tapes.db"));
             Statement st = c.createStatement()) {
            switch (attack) {
                case "alter" -> st.executeUpdate("UPDATE frames SET message = replace(message, '\"2.0\"', '\"2.1\"') WHERE seq = 7");
                case "delete" -> st.executeUpdate("DELETE FROM frames WHERE seq = 7");
                default -> {
                    st.executeUpdate("UPDATE frames SET seq = -1 WHERE seq = 7");
                    st.executeUpdate("UPDATE frames SET seq = 7 WHERE seq = 8");
                    st.executeUpdate("UPDATE frames SET seq = 8 WHERE seq = -1");
                }
            }
        }
        assertThat(verify("sqlite:path=tapes.db")).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains(attack.equals("delete") ? "evidence: BROKEN at frame 8" : "evidence: BROKEN at frame 7");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flip-header", "flip", "cut", "delete", "swap", "truncate"})
    void everyAttackOnAnEncryptedTapeIsCaught(String attack) throws Exception {
        LayerKeys.AgeFiles age = LayerKeys.age(cwd, "age");
        StorageSettings enc = StorageSettings.of("", Map.of("encryption", "age", "age_recipients_file",
                age.recipients().toString(), "age_identity_file", age.identity().toString()));
        try (TapeStorageBackend s = new TamperLayer().wrap(new EncryptionLayer().wrap(filesystem(), enc), signing())) {
            record(s);
        }
        try (TapeStorageBackend below = new EncryptionLayer().wrap(filesystem(), enc)) {
            assertThat(new TapeVerifier(below, null).verify(ID).outcome()).isEqualTo(Verification.Outcome.INTACT);
        }
        editLines(l -> {
            int i = lineOf(l, 2); // the third segment
            switch (attack) {
                case "flip-header" -> l.set(i, flip(l.get(i), 80));
                case "flip" -> l.set(i, flip(l.get(i), 1000));
                case "cut" -> l.set(i, l.get(i).replaceFirst("[A-Za-z0-9+/]{200}(=*\")", "$1"));
                case "delete" -> l.remove(i);
                case "swap" -> { String a = l.get(i); l.set(i, l.get(i + 1)); l.set(i + 1, a); }
                default -> l.subList(i, l.size()).removeIf(line -> line.startsWith("{\"type\":\"frame\""));
            }
            return l;
        });
        try (TapeStorageBackend below = new EncryptionLayer().wrap(filesystem(), enc)) {
            Verification v = new TapeVerifier(below, null).verify(ID);
            assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.BROKEN);
            assertThat(v.detail()).contains(switch (attack) {
                case "flip-header" -> "its age header is damaged";
                case "flip", "cut" -> "its ciphertext was modified or truncated";
                default -> "segment 2";
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flip", "delete", "swap"})
    void everyAttackOnAnEncryptedSqliteTapeIsCaught(String attack) throws Exception {
        LayerKeys.AgeFiles age = LayerKeys.age(cwd, "age");
        StorageSettings enc = StorageSettings.of("", Map.of("encryption", "age", "age_recipients_file",
                age.recipients().toString(), "age_identity_file", age.identity().toString()));
        try (TapeStorageBackend s = new TamperLayer().wrap(new EncryptionLayer().wrap(sqlite(), enc), signing())) {
            record(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cwd.resolve("tapes.db"));
             Statement st = c.createStatement()) {
            switch (attack) { // on the third stored part (segment 2: every segment of this tape is one part)
                case "flip" -> assertThat(st.executeUpdate("UPDATE frames SET message = substr(message, 1, 1000) || "
                        + "(CASE substr(message, 1001, 1) WHEN 'A' THEN 'B' ELSE 'A' END) || substr(message, 1002) WHERE seq = 2"))
                        .isEqualTo(1);
                case "delete" -> assertThat(st.executeUpdate("DELETE FROM frames WHERE seq = 2")).isEqualTo(1);
                default -> {
                    st.executeUpdate("UPDATE frames SET seq = -1 WHERE seq = 2");
                    st.executeUpdate("UPDATE frames SET seq = 2 WHERE seq = 3");
                    st.executeUpdate("UPDATE frames SET seq = 3 WHERE seq = -1");
                }
            }
        }
        try (TapeStorageBackend below = new EncryptionLayer().wrap(sqlite(), enc)) {
            Verification v = new TapeVerifier(below, null).verify(ID);
            assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.BROKEN);
            assertThat(v.detail()).contains(switch (attack) {
                case "flip" -> "segment 2: its ciphertext was modified or truncated";
                case "delete" -> "segment 2: stored record 2 is missing";
                default -> "stored record 2 holds part 0 of segment 3 where part 0 belongs";
            });
        }
    }

    /** The line with the base64 character {@code at} characters into its age payload changed. */
    private static String flip(String line, int at) {
        int start = line.indexOf("\"age\":\"") + 7;
        char c = line.charAt(start + at);
        return line.substring(0, start + at) + (c == 'A' ? 'B' : 'A') + line.substring(start + at + 1);
    }
}
