package io.shadowcat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.shadowcat.Shadowcat;
import io.shadowcat.http.HttpRecorder;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TransportInfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP Java SDK's HTTP client transports (Streamable HTTP and HTTP+SSE) get the same results from
 * mcp-server-everything directly and through {@code record --upstream}, and the tape holds the session.
 */
class JavaSdkHttpRecordTest {

    @TempDir
    Path store;

    @ParameterizedTest
    @ValueSource(strings = {"streamableHttp", "sse"})
    void theJavaSdkClientGetsTheSameResultsThroughTheProxy(String mode) throws Exception {
        Function<String, McpClientTransport> transport = url -> {
            URI u = URI.create(url);
            String base = u.getScheme() + "://" + u.getAuthority();
            return mode.equals("sse") ? HttpClientSseClientTransport.builder(base).sseEndpoint(u.getPath()).build()
                    : HttpClientStreamableHttpTransport.builder(base).endpoint(u.getPath()).build();
        };
        List<RecordingResult> results = new CopyOnWriteArrayList<>();
        try (EverythingHttpServer server = EverythingHttpServer.start(mode);
             Shadowcat shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", store.toString())).build()) {
            List<String> direct = session(transport.apply(server.url()));
            HttpRecorder proxy = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(),
                    shadowcat.idGenerator(), server.url(), new InetSocketAddress("127.0.0.1", 0), results::add);
            List<String> recorded;
            try {
                recorded = session(transport.apply(proxy.clientUrl()));
            } finally {
                proxy.stop();
            }
            assertEquals(direct, recorded);

            assertEquals(1, results.size(), results.toString());
            Tape tape = shadowcat.storage().load(results.get(0).tapeId());
            assertEquals(mode.equals("sse") ? TransportInfo.SSE : TransportInfo.STREAMABLE_HTTP,
                    tape.header().metadata().transport().type());
            assertEquals(0, results.get(0).unanswered(), results.toString());
            assertEquals(3, tape.frames().stream().filter(f -> "notifications/progress".equals(f.method())).count(),
                    "the server's three progress notifications are on the tape");
        }
    }

    private static List<String> session(McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("shadowcat-http-java-client", "1.0.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        McpClientScript.Steps steps = new McpClientScript.Steps(client);
        try {
            McpSchema.InitializeResult init = client.initialize();
            steps.note("initialize", init.serverInfo());
            steps.note("tools", client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList());
            steps.call("echo", Map.of("message", "hello from java"));
            steps.call("get-sum", Map.of("a", 1, "b", 2));
            steps.note("call long", client.callTool(McpSchema.CallToolRequest.builder()
                    .name("trigger-long-running-operation").arguments(Map.of("duration", 0.3, "steps", 3))
                    .meta(Map.of("progressToken", "java-progress")).build()));
            // the SDK hands progress to its consumer asynchronously: how many arrived before the result is a race
            // on the client's side, so the tape is what the progress is checked on
            List<McpSchema.Resource> resources = client.listResources().resources();
            steps.note("resources", resources.stream().map(McpSchema.Resource::uri).limit(3).toList());
            steps.note("read", client.readResource(new McpSchema.ReadResourceRequest(resources.get(0).uri())));
            steps.note("prompts", client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).sorted().toList());
            steps.note("prompt", client.getPrompt(new McpSchema.GetPromptRequest("simple-prompt", Map.of())));
            steps.note("ping", client.ping());
            steps.call("no-such-tool", Map.of());
        } finally {
            client.closeGracefully();
        }
        return steps.results;
    }
}
