package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./shadowcat record --upstream} as a process: the address on stderr and in the ready file, a session the
 * client deletes finished while the proxy runs, one still open finished on SIGTERM, a summary line per tape,
 * exit code 0.
 */
class RecordHttpLauncherIT {

    @TempDir
    Path tapes;

    @Test
    void recordsUntilSigtermThenFinishesEveryTapeWithASummaryLineEach() throws Exception {
        Path ready = tapes.resolve("proxy.url");
        try (EverythingHttpServer server = EverythingHttpServer.start("streamableHttp")) {
            ProcessBuilder builder = new ProcessBuilder(Launchers.shadowcat(List.of("record", "--upstream", server.url(),
                    "--tape-id", "http-it", "--tag", "it", "--ready-file", ready.toString())));
            builder.environment().putAll(TestStorage.env(tapes));
            Process p = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            StderrWatch stderr = StderrWatch.of(p, "record stderr");
            String url = stderr.awaitListening(60);
            assertThat(url).as("stderr: %s", stderr.lines()).startsWith("http://127.0.0.1:").endsWith("/mcp");
            assertThat(Files.readString(ready)).isEqualTo(url + "\n");

            // a whole session the client ends with DELETE: its tape is finished while the proxy runs
            JsonNode result = NodeHttpClient.run(url, "streamable");
            assertThat(result.path("tools").size()).isGreaterThan(5);
            assertThat(stderr.awaitLine(l -> l.startsWith("shadowcat record: tape "), 60))
                    .as("its summary line arrives before any signal").isNotNull();
            // a session left open: SIGTERM finishes it
            HttpResponse<String> init = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(init.statusCode()).isEqualTo(200);
            assertThat(init.headers().firstValue("mcp-session-id")).isPresent();

            // SIGTERM through the handle: Process.destroy() would also close our end of its stderr, losing the
            // summary lines it prints while it finishes
            p.toHandle().destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stderr.join();
            assertThat(p.exitValue()).isZero();
            List<String> summaries = stderr.lines().stream().filter(l -> l.startsWith("shadowcat record: tape ")).toList();
            assertThat(summaries).hasSize(2);
            assertThat(String.join("\n", summaries)).contains("tape http-it: ", "tape http-it-2: 2 messages recorded");

            for (String id : List.of("http-it", "http-it-2")) {
                Tape tape = TestStorage.load(tapes, TapeId.of(id));
                assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
                assertThat(tape.metadata().tags()).contains("it");
                assertThat(tape.metadata().transport().type()).isEqualTo(TransportInfo.STREAMABLE_HTTP);
                assertThat(tape.metadata().transport().url()).isEqualTo(server.url());
            }
        }
    }
}
