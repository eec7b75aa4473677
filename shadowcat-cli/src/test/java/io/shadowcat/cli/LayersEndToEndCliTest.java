package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.testkit.LayerKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption and tamper layers as a user configures them, through the registry's layer machinery:
 * {@code --storage} settings, {@code SHADOWCAT_STORAGE_*} variables and {@code [recorder.storage.options]},
 * with relative key paths resolved against the working directory; {@code tape verify}, {@code rekey} and
 * {@code export-age} opening the stack without their layers, and their audit lines.
 */
class LayersEndToEndCliTest {

    private static final String SECRET = "zanzibar-quokka";
    private static final String TAPE = "{\"metadata\":{\"id\":\"old-1\",\"name\":\"Old\","
            + "\"created_at\":\"2024-01-01T00:00:00Z\",\"tags\":[]},\"frames\":[{\"direction\":\"ClientToServer\","
            + "\"timestamp\":\"2024-01-01T00:00:01Z\",\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":1,"
            + "\"params\":{\"name\":\"x\",\"arguments\":{\"token\":\"" + SECRET + "\",\"n\":1.50}}}},"
            + "{\"direction\":\"ServerToClient\",\"timestamp\":\"2024-01-01T00:00:02Z\",\"message\":{\"jsonrpc\":\"2.0\","
            + "\"id\":1,\"result\":{\"content\":[]}}}]}";

    @TempDir
    Path cwd;
    private CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        LayerKeys.age(cwd, "age");
        LayerKeys.age(cwd, "other");
        LayerKeys.ed25519(cwd, "signer");
        Files.writeString(cwd.resolve("old.json"), TAPE);
        cli = new CliRunner(cwd);
    }

    private static String storage(String identity) {
        return "filesystem:path=tapes,encryption=age,age_recipients_file=age.recipients.txt"
                + (identity == null ? "" : ",age_identity_file=" + identity);
    }

    private String lastErrLine() {
        List<String> lines = cli.err().strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private String everyStoredByte(Path root) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void anEncryptedImportReadsWithTheRightIdentityOnlyAndWrongOnesAreOneLineExit1() throws Exception {
        assertThat(cli.run("--storage", storage("age.key.txt"), "tape", "import", "old.json")).as(cli.err()).isZero();
        assertThat(everyStoredByte(cwd.resolve("tapes"))).doesNotContain(SECRET).doesNotContain("tools/call");

        assertThat(cli.run("--storage", storage("age.key.txt"), "tape", "show", "old-1", "--format", "json"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains(SECRET);
        // tape list needs no identity: only what listing needs is in the clear
        assertThat(cli.run("--storage", storage(null), "tape", "list")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("old-1");

        cli.clearErr();
        assertThat(cli.run("--storage", storage(null), "tape", "show", "old-1")).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.err().strip()).doesNotContain("\n").doesNotContain("Exception").contains("age_identity_file")
                .doesNotContain(SECRET);

        cli.clearErr();
        assertThat(cli.run("--storage", storage("other.key.txt"), "tape", "show", "old-1")).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.err().strip()).doesNotContain("\n").startsWith("shadowcat: cannot decrypt")
                .contains("old-1", "other.key.txt").doesNotContain(SECRET);

        // the same settings from the environment, paths relative to the working directory too
        cli.env().put("SHADOWCAT_STORAGE_PROVIDER", "filesystem");
        cli.env().put("SHADOWCAT_STORAGE_PATH", "tapes");
        cli.env().put("SHADOWCAT_STORAGE_ENCRYPTION", "age");
        cli.env().put("SHADOWCAT_STORAGE_AGE_IDENTITY_FILE", "age.key.txt");
        assertThat(cli.run("tape", "export", "old-1", "-o", "-")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(SECRET);
    }

    @Test
    void aMissingKeyFileIsAUsageErrorBeforeAnythingOpens() {
        assertThat(cli.run("--storage", "filesystem:path=tapes,encryption=age,age_recipients_file=nope.txt",
                "tape", "import", "old.json")).isEqualTo(ExitCode.USAGE);
        assertThat(lastErrLine()).contains("filesystem.age_recipients_file").contains("nope.txt");
        assertThat(Files.exists(cwd.resolve("tapes"))).isFalse();
        assertThat(cli.run("--storage", "filesystem:path=tapes,signing_key_file=age.key.txt", "tape", "list"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(lastErrLine()).contains("filesystem.signing_key_file");
    }

    @Test
    void everyLayerFromTomlVerifyRekeyAndExportAgeAreAudited() throws Exception {
        Files.writeString(cwd.resolve("shadowcat.toml"), """
                [recorder.storage]
                provider = "filesystem"
                [recorder.storage.settings]
                path = "tapes"
                [recorder.storage.options]
                audit_log = "audit.jsonl"
                signing_key_file = "signer.pem"
                encryption = "age"
                age_recipients_file = "age.recipients.txt"
                age_identity_file = "age.key.txt"
                namespace = "team-a"
                """);
        assertThat(cli.run("tape", "import", "old.json")).as(cli.err()).isZero();
        assertThat(everyStoredByte(cwd.resolve("tapes"))).doesNotContain(SECRET);

        assertThat(cli.run("tape", "verify", "old-1")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("old-1: intact");
        assertThat(cli.run("tape", "verify", "--public-key", "signer.pub.pem", "old-1")).as(cli.err()).isZero();

        assertThat(cli.run("tape", "export-age", "old-1", "-o", "age-out")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("exported old-1: 1 age files");

        assertThat(cli.run("tape", "rekey", "--to-recipients", "other.recipients.txt", "old-1")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("rekeyed old-1");
        // the old identity no longer reads it; the new one does, and the signature still holds
        cli.clearErr();
        assertThat(cli.run("tape", "show", "old-1")).isEqualTo(ExitCode.FAILURE);
        String toml = Files.readString(cwd.resolve("shadowcat.toml")).replace("age.key.txt", "other.key.txt");
        Files.writeString(cwd.resolve("shadowcat.toml"), toml);
        assertThat(cli.run("tape", "show", "old-1", "--format", "json")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(SECRET);
        assertThat(cli.run("tape", "verify", "old-1")).as(cli.err()).isZero();

        // one stored byte changed: verify names the tape and exits 1
        Path frames;
        try (Stream<Path> files = Files.walk(cwd.resolve("tapes"))) {
            frames = files.filter(p -> p.getFileName().toString().contains("old-1")
                    && p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(frames);
        int at = bytes.length / 2; // inside the age file's ciphertext
        bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
        Files.write(frames, bytes);
        cli.clearErr();
        int verified = cli.run("tape", "verify", "old-1");
        assertThat(verified).as(cli.out() + cli.err()).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.out() + cli.err()).contains("old-1: BROKEN");

        Path audit = cwd.resolve("audit.jsonl");
        assertThat(AuditLog.verify(audit).intact()).isTrue();
        String log = Files.readString(audit);
        assertThat(log).contains("\"verify\"", "\"rekey\"", "\"export\"").doesNotContain(SECRET);
        assertThat(log.lines().filter(l -> l.contains("\"verify\"")).toList()).hasSizeGreaterThanOrEqualTo(4)
                .anyMatch(l -> l.contains("\"failed\""));
    }

    @Test
    void respellingAStringInTheStoredTextBreaksTheChain() throws Exception {
        String signed = "filesystem:path=tapes,signing_key_file=signer.pem";
        assertThat(cli.run("--storage", signed, "tape", "import", "old.json")).as(cli.err()).isZero();
        assertThat(cli.run("--storage", signed, "tape", "verify", "old-1")).as(cli.err()).isZero();
        Path frames;
        try (Stream<Path> files = Files.walk(cwd.resolve("tapes"))) {
            frames = files.filter(p -> p.getFileName().toString().equals("old-1.jsonl")).findFirst().orElseThrow();
        }
        String text = Files.readString(frames);
        assertThat(text).contains("\"n\":1.50"); // stored as it came
        // the same string, spelt otherwise: its parsed value (and so its compact JSON) does not change
        Files.writeString(frames, text.replace("\"token\":\"z", "\"token\":\"\\u007a"));
        assertThat(cli.run("--storage", "filesystem:path=tapes", "tape", "show", "old-1", "--format", "json")).isZero();
        assertThat(cli.out()).contains("\\u007aanzibar-quokka"); // served as stored
        assertThat(cli.run("--storage", signed, "tape", "verify", "old-1")).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.out()).contains("old-1: BROKEN at frame 0");
    }

    @Test
    void rekeyOfALockedTapeIsRefusedAndAudited() throws Exception {
        String base = storage("age.key.txt") + ",audit_log=audit.jsonl,retention_lock=compliance,retention_min_age=7y";
        assertThat(cli.run("--storage", base, "tape", "import", "old.json")).as(cli.err()).isZero();
        cli.clearErr();
        assertThat(cli.run("--storage", base, "tape", "rekey", "--to-recipients", "other.recipients.txt", "old-1"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(cli.err().strip()).doesNotContain("\n").contains("old-1");
        // still readable with the old identity: nothing was replaced
        assertThat(cli.run("--storage", base, "tape", "show", "old-1", "--format", "json")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(SECRET);
        String log = Files.readString(cwd.resolve("audit.jsonl"));
        assertThat(log.lines().filter(l -> l.contains("\"rekey\"")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("\"refused\""));
    }
}
