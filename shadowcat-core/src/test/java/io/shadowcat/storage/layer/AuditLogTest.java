package io.shadowcat.storage.layer;

import static io.shadowcat.storage.layer.LayerTapes.lifecycle;
import static io.shadowcat.storage.layer.LayerTapes.open;
import static io.shadowcat.storage.layer.LayerTapes.tape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> lines(Path log) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void everyStorageOperationIsOneLineWithItsOutcomeAndActor() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (TapeStorageBackend s = open(dir, "audit_log", log.toString(), "retention_lock", "compliance",
                "retention_min_age", "1y")) {
            s.save(tape("t1", "customer secret 4111"));
            s.load(TapeId.of("t1"));
            s.list(TapeQuery.all());
            s.search(SearchQuery.parse("customer"));
            try (TapeWriter w = s.openWriter(TapeHeader.start(TapeId.of("live"), "s", "n"))) {
                w.append(Frame.of(1, 0, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}")));
                w.finish(TapeStatus.FINALIZED);
            }
            assertThatThrownBy(() -> s.delete(TapeId.of("t1"))).isInstanceOf(RetentionLockedException.class);
            lifecycle(s).hold(TapeId.of("t1"), "reason that stays out of the log");
            lifecycle(s).release(TapeId.of("t1"));
            assertThat(s.delete(TapeId.of("nope"))).isFalse();
        }
        List<JsonNode> l = lines(log);
        assertThat(l).extracting(n -> n.get("operation").asText() + ":" + n.get("outcome").asText())
                .containsExactly("save:ok", "load:ok", "list:ok", "search:ok", "open_writer:ok", "finalize:ok",
                        "delete:refused", "hold:ok", "release:ok", "delete:ok");
        assertThat(l.get(0).get("tapes").get(0).asText()).isEqualTo("t1");
        assertThat(l.get(0).get("actor").get("user").asText()).contains("@");
        assertThat(l.get(0).get("actor").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(l.get(9).get("detail").asText()).isEqualTo("absent");
        String text = Files.readString(log);
        assertThat(text).doesNotContain("4111").doesNotContain("customer").doesNotContain("reason that stays");
        assertThat(AuditLog.verify(log)).isEqualTo(new AuditVerification(10, 0, null));
    }

    @Test
    void anEditedRemovedOrSwappedLineIsNamed() throws Exception {
        Path log = dir.resolve("a.log");
        AuditLog a = AuditLog.open(log);
        for (int i = 0; i < 5; i++) {
            a.append(AuditOperation.LOAD, List.of(TapeId.of("t" + i)), AuditOutcome.OK, null);
        }
        List<String> good = Files.readAllLines(log);
        assertThat(AuditLog.verify(log).intact()).isTrue();

        List<String> edited = new ArrayList<>(good);
        edited.set(2, edited.get(2).replace("\"t2\"", "\"t9\""));
        Files.write(log, edited);
        assertThat(AuditLog.verify(log).firstBadLine()).isEqualTo(3);
        assertThat(AuditLog.verify(log).problem()).contains("edited");

        List<String> removed = new ArrayList<>(good);
        removed.remove(1);
        Files.write(log, removed);
        assertThat(AuditLog.verify(log).firstBadLine()).isEqualTo(2);

        List<String> swapped = new ArrayList<>(good);
        Collections.swap(swapped, 3, 4);
        Files.write(log, swapped);
        assertThat(AuditLog.verify(log).firstBadLine()).isEqualTo(4);
    }

    @Test
    void aLineCutShortByACrashIsReportedAndTheChainGoesOn() throws Exception {
        Path log = dir.resolve("a.log");
        AuditLog a = AuditLog.open(log);
        a.append(AuditOperation.SAVE, List.of(TapeId.of("t")), AuditOutcome.OK, null);
        Files.write(log, "{\"seq\":2,\"time\":\"2026".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        a.append(AuditOperation.SAVE, List.of(TapeId.of("u")), AuditOutcome.OK, null);
        List<String> l = Files.readAllLines(log);
        assertThat(l).hasSize(3);
        assertThat(AuditLog.verify(log).firstBadLine()).isEqualTo(2);
        assertThat(JSON.readTree(l.get(2)).get("seq").asLong()).isEqualTo(2);
    }

    @Test
    void threadsAppendingAtOnceThroughTwoLogsOnOneFileKeepOneChain() throws Exception {
        Path log = dir.resolve("a.log");
        AuditLog one = AuditLog.open(log);
        AuditLog two = AuditLog.open(log);
        int threads = 8;
        int each = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            AuditLog target = t % 2 == 0 ? one : two;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    target.append(AuditOperation.LOAD, List.of(), AuditOutcome.OK, null);
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertThat(AuditLog.verify(log)).isEqualTo(new AuditVerification(threads * each, 0, null));
    }

    @Test
    void processesAppendingAtOnceKeepOneChain() throws Exception {
        Path log = dir.resolve("a.log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AuditAppender.class.getName(), log.toString(), "150").redirectErrorStream(true).start());
        }
        for (Process p : children) {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
        }
        assertThat(AuditLog.verify(log)).isEqualTo(new AuditVerification(450, 0, null));
        assertThat(lines(log).stream().map(n -> n.get("actor").get("pid").asLong()).distinct().count()).isEqualTo(3);
    }

    @Test
    void aMissingDirectoryIsRefusedBeforeAnythingOpens() {
        assertThatThrownBy(() -> open(dir, "audit_log", dir.resolve("no/such/audit.log").toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("audit_log")
                .hasMessageContaining("does not exist");
    }

    @Test
    void theLogIsOwnerOnly() throws Exception {
        Path log = dir.resolve("a.log");
        AuditLog.open(log);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }
}
