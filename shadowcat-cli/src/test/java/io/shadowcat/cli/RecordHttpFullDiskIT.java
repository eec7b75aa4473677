package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record --upstream} whose storage fills up mid-session, for real ({@code ulimit -f}, as
 * {@link RecordFullDiskIT} does for stdio): every request is still answered, the tape's summary line counts what
 * was lost, a closing line says the tapes are incomplete and the exit code is 4 instead of 0.
 */
class RecordHttpFullDiskIT {

    private static final int REQUESTS = 200;

    @TempDir
    Path dir;

    @Test
    void aTapeThatLostMessagesMakesTheExitCode4() throws Exception {
        Server upstream = echoServer();
        try {
            int port = ((ServerConnector) upstream.getConnectors()[0]).getLocalPort();
            List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 64 && exec \"$@\"", "record"));
            command.addAll(Launchers.javaMain(Main.class));
            command.addAll(List.of("record", "--upstream", "http://127.0.0.1:" + port + "/mcp", "--tape-id", "full"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(TestStorage.env(dir));
            Process p = builder.start();
            StderrWatch stderr = StderrWatch.of(p, "record stderr");
            String url = stderr.awaitListening(60);
            assertThat(url).as("stderr: %s", stderr.lines()).isNotNull();

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String pad = "p".repeat(1000);
            int answered = 0;
            for (int i = 1; i <= REQUESTS; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + i
                                + ",\"method\":\"ping\",\"params\":{\"pad\":\"" + pad + "\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                answered += response.statusCode() == 200 && response.body().contains("\"id\":" + i + ",") ? 1 : 0;
            }
            assertThat(answered).as("the session itself lost nothing").isEqualTo(REQUESTS);

            p.toHandle().destroy(); // SIGTERM; Process.destroy() would close our end of its stderr
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stderr.join();
            assertThat(p.exitValue()).as("stderr: %s", stderr.lines()).isEqualTo(ExitCode.INCOMPLETE_TAPE);
            assertThat(stderr.lines()).anySatisfy(l -> assertThat(l).startsWith("shadowcat record: tape full: ")
                    .contains("relayed but NOT recorded"));
            assertThat(stderr.lines()).anySatisfy(l -> assertThat(l)
                    .isEqualTo("shadowcat record: 1 tape is incomplete (every message was relayed, not every one "
                            + "recorded): exit code 4"));
        } finally {
            upstream.stop();
        }
    }

    /** Answers every POSTed request {@code {"jsonrpc":"2.0","id":ID,"result":{}}}. */
    private static Server echoServer() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, UTF_8);
                String id = body.replaceAll("^\\{\"jsonrpc\":\"2.0\",\"id\":(\\d+),.*", "$1");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}")
                        .getBytes(UTF_8)), callback);
                return true;
            }
        });
        server.start();
        return server;
    }
}
