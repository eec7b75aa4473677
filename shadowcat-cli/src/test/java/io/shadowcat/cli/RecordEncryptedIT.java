package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.LayerKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowcat record} in front of the reference MCP server ({@code mcp-server-everything}) with every
 * layer on, as a user configures them through the environment (encryption, tamper evidence, audit log): the
 * session is relayed, the tape's segments are sealed by the background sealer before the recorder exits, no
 * file of the storage holds the session's plaintext, and the tape reads back whole and intact with the identity.
 */
class RecordEncryptedIT {

    private static final String SECRET = "zanzibar-quokka-4411";

    @TempDir
    Path dir;

    @Test
    void aRecordedSessionIsStoredEncryptedChainedAndAuditedAndReadsBackWhole() throws Exception {
        LayerKeys.AgeFiles age = LayerKeys.age(dir, "age");
        LayerKeys.SigningFiles signing = LayerKeys.ed25519(dir, "signing");
        Path tapes = dir.resolve("tapes");
        Map<String, String> env = new HashMap<>(TestStorage.env(tapes));
        env.putAll(Map.of("SHADOWCAT_STORAGE_ENCRYPTION", "age",
                "SHADOWCAT_STORAGE_AGE_RECIPIENTS_FILE", age.recipients().toString(),
                "SHADOWCAT_STORAGE_SIGNING_KEY_FILE", signing.privateKey().toString(),
                "SHADOWCAT_STORAGE_AUDIT_LOG", dir.resolve("audit.jsonl").toString()));

        String answer = record(env);

        assertThat(answer).contains(SECRET); // relayed
        List<Path> files;
        try (Stream<Path> all = Files.walk(tapes)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), UTF_8)).as(f.toString()).doesNotContain(SECRET)
                    .doesNotContain("tools/call");
        }
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).anyMatch(l -> l.contains("finalize"));

        StorageSettings settings = StorageSettings.of("filesystem", Map.of("path", tapes.toString(),
                "encryption", "age", "age_identity_file", age.identity().toString(),
                "signing_key_file", signing.privateKey().toString()));
        try (TapeStorageBackend storage = StorageRegistry.isolated().create("filesystem", settings)) {
            var listed = storage.list(io.shadowcat.storage.query.TapeQuery.all()).items();
            assertThat(listed).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo(TapeStatus.FINALIZED));
            Tape tape = storage.load(listed.get(0).id());
            assertThat(tape.frames()).extracting(Frame::text).anyMatch(t -> t.contains(SECRET) && t.contains("tools/call"));
            assertThat(tape.frames()).hasSizeGreaterThanOrEqualTo(4); // initialize, its result, the call, its result
        }
    }

    /** Records one session (initialize, then the echo tool with the secret) and returns the echo's answer. */
    private String record(Map<String, String> env) throws Exception {
        Path server = Launchers.installed("mcp-server-everything");
        List<String> command = new ArrayList<>(Launchers.javaMain(Main.class));
        command.addAll(List.of("record", "--require-storage", "--", server.toString(), "stdio"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<List<String>> stderr = Launchers.stderrLines(p);
        String answer;
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
            StdioSession.send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
            StdioSession.awaitAnswer(out, 1);
            StdioSession.send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            StdioSession.send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"message\":\"" + SECRET + "\"}}}");
            answer = StdioSession.awaitAnswer(out, 2);
        }
        int exit = p.waitFor();
        assertThat(exit).as("exit code; stderr: %s", stderr.get()).isZero();
        return answer;
    }
}
