package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.testkit.SampleTapes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Tries to delete locked and held tapes by every path the command line has (rm, rm --bypass-retention,
 * migrate --delete-source, import --force, provider expiry) and to read another namespace's tape by id; checks
 * every attempt fails, the tape is still there, and the audit log has the refusals and verifies.
 */
class ComplianceAttackTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void storeTwoTapes() {
        env.put("HOME", cwd.toString());
        try (TapeStorageBackend fs = REGISTRY.create("filesystem", StorageSettings.of("filesystem",
                Map.of("path", cwd.resolve("tapes").toString())))) {
            fs.save(SampleTapes.tape(1, "locked", 5, 1));
            fs.save(SampleTapes.tape(2, "held", 5, 2));
        }
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ShadowcatCommand.commandLine(env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void lockedStorage(String mode) {
        env.put("SHADOWCAT_STORAGE_PROVIDER", "filesystem");
        env.put("SHADOWCAT_STORAGE_PATH", "tapes");
        env.put("SHADOWCAT_STORAGE_RETENTION_LOCK", mode);
        env.put("SHADOWCAT_STORAGE_RETENTION_MIN_AGE", "7y");
        env.put("SHADOWCAT_STORAGE_AUDIT_LOG", "audit.jsonl");
    }

    private boolean stored(String id) {
        try (TapeStorageBackend fs = REGISTRY.create("filesystem", StorageSettings.of("filesystem",
                Map.of("path", cwd.resolve("tapes").toString())))) {
            return fs.exists(TapeId.of(id));
        }
    }

    @Test
    void noPathDeletesALockedOrHeldTape() throws Exception {
        lockedStorage("compliance");
        assertThat(run("tape", "hold", "held", "--reason", "case 7")).as(err.toString()).isZero();

        assertThat(run("tape", "rm", "locked")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("retention lock (compliance for 7y)");
        assertThat(run("tape", "rm", "held")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("legal hold");
        assertThat(run("tape", "rm", "--bypass-retention", "locked")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("compliance mode allows no override");

        // import --force over both
        assertThat(run("tape", "export", "locked", "-o", "exported")).as(err.toString()).isZero();
        assertThat(run("tape", "export", "held", "-o", "exported")).as(err.toString()).isZero();
        assertThat(run("tape", "import", "--force", "exported/locked.jsonl")).isNotZero();
        assertThat(run("tape", "import", "--force", "exported/held.jsonl")).isNotZero();

        // migrate --delete-source, the settings given in the source spec instead of the environment
        env.remove("SHADOWCAT_STORAGE_RETENTION_LOCK");
        env.remove("SHADOWCAT_STORAGE_RETENTION_MIN_AGE");
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "sqlite:path=copy.db",
                "--delete-source")).isEqualTo(ExitCode.FAILURE);
        assertThat(out.toString() + err.toString()).contains("source kept");

        // a later process whose settings leave the lock out, or turn on provider expiry
        env.clear();
        env.put("HOME", cwd.toString());
        assertThat(run("--storage", "filesystem:path=tapes", "tape", "rm", "locked", "held")).isEqualTo(ExitCode.FAILURE);
        assertThat(run("--storage", "filesystem:path=tapes,retention_max_count=1", "tape", "list"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("retention_max_count");

        assertThat(stored("locked")).isTrue();
        assertThat(stored("held")).isTrue();

        // list and show say why
        assertThat(run("--storage", "filesystem:path=tapes", "tape", "list")).isZero();
        assertThat(out.toString()).contains("RETENTION").contains("held, locked until");
        assertThat(run("--storage", "filesystem:path=tapes", "tape", "show", "held")).isZero();
        assertThat(out.toString()).contains("legal hold").contains("case 7");
        assertThat(run("--storage", "filesystem:path=tapes", "--format", "json", "tape", "list")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("tapes").toString()).contains("\"held\":true")
                .contains("locked_until");

        Path log = cwd.resolve("audit.jsonl");
        String audit = Files.readString(log);
        assertThat(audit).contains("\"operation\":\"hold\"").contains("\"outcome\":\"refused\"")
                .contains("\"operation\":\"export\"")
                .doesNotContain("case 7");
        assertThat(run("audit", "verify", "audit.jsonl")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("intact");
    }

    @Test
    void governanceLetsAnAuditedBypassThroughButNeverPastAHold() throws Exception {
        lockedStorage("governance");
        assertThat(run("tape", "rm", "locked")).isEqualTo(ExitCode.FAILURE);
        assertThat(run("tape", "hold", "held", "--reason", "r")).isZero();
        assertThat(run("tape", "rm", "--bypass-retention", "held")).isEqualTo(ExitCode.FAILURE);
        assertThat(run("tape", "rm", "--bypass-retention", "locked")).as(err.toString()).isZero();
        assertThat(stored("locked")).isFalse();
        assertThat(run("tape", "release", "held")).isZero();
        assertThat(run("tape", "release", "held")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(Files.readString(cwd.resolve("audit.jsonl"))).contains("\"detail\":\"bypass-retention\"");
    }

    @Test
    void anotherNamespacesTapeCannotBeReadOrDeletedById() {
        assertThat(run("--storage", "filesystem:path=tapes,namespace=team-a", "tape", "import",
                "--id", "mine", exported("locked"))).as(err.toString()).isZero();
        String b = "filesystem:path=tapes,namespace=team-b";
        assertThat(run("--storage", b, "tape", "show", "mine")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("--storage", b, "tape", "export", "mine", "-o", "-")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("--storage", b, "tape", "rm", "mine")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("--storage", b, "tape", "list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("total").asInt()).isZero();
        assertThat(run("--storage", b, "tape", "search", "tools")).isNotEqualTo(ExitCode.USAGE);
        assertThat(out.toString()).doesNotContain("mine");
        assertThat(run("--storage", "filesystem:path=tapes,namespace=team-a", "tape", "show", "mine")).isZero();
    }

    @Test
    void auditVerifyNamesTheFirstBadLine() throws Exception {
        lockedStorage("governance");
        assertThat(run("tape", "list")).isZero();
        assertThat(run("tape", "show", "locked")).isZero();
        assertThat(run("tape", "list")).isZero();
        Path log = cwd.resolve("audit.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        Collections.swap(lines, 1, 2);
        Files.write(log, lines);
        assertThat(run("audit", "verify", "audit.jsonl")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("line 2:");
        assertThat(AuditLog.verify(log).firstBadLine()).isEqualTo(2);
    }

    @Test
    void providersInfoListsTheLayersAndTheirSettings() {
        assertThat(run("providers", "info", "sqlite")).isZero();
        assertThat(out.toString()).contains("storage layers (outermost first").contains("audit_log")
                .contains("retention_lock").contains("retention_min_age").contains("namespace");
        assertThat(run("--format", "json", "providers", "info", "filesystem")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("layers").findValuesAsText("name"))
                .containsSubsequence("audit", "namespace", "retention");
    }

    private String exported(String id) {
        assertThat(run("--storage", "filesystem:path=tapes", "tape", "export", id, "-o", "ex")).isZero();
        return "ex/" + id + ".jsonl";
    }
}
