package io.shadowcat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Drives an MCP server with the official MCP Java SDK client over stdio and writes down, as JSON, every
 * result the client got, so that two runs (the real server, then a replay) can be compared.
 */
final class McpClientScript {

    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private McpClientScript() {
    }

    /** Starts {@code command} as the server, runs {@code steps} with a connected client, closes it. */
    static List<String> run(List<String> command, Map<String, String> env, Consumer<Steps> steps) {
        ServerParameters server = ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(server, JSON);
        transport.setStdErrorHandler(line -> System.err.println("[server stderr] " + line));
        return run(transport, steps);
    }

    /** Which client features the client declares. */
    enum Features {
        /** Sampling, elicitation and roots, each answered here: every client feature a server may use. */
        EVERY,
        /**
         * None: a server then sends nothing on its own that depends on them. (The reference server, told of
         * roots, asks for them and logs them on a timer, which races the script's requests: a comparison of
         * logs would depend on timing.)
         */
        NONE
    }

    /** {@link #run(McpClientTransport, Features, Consumer)} with every client feature. */
    static List<String> run(McpClientTransport transport, Consumer<Steps> steps) {
        return run(transport, Features.EVERY, steps);
    }

    /**
     * Runs {@code steps} with a client connected through {@code transport} (stdio, Streamable HTTP, SSE), closes
     * it. Progress notifications are noted in {@link Steps#progress}; tool list changes are not handed to the
     * client ({@link IgnoringToolListChanges}: its own {@code tools/list} would race the script's requests).
     */
    static List<String> run(McpClientTransport transport, Features features, Consumer<Steps> steps) {
        List<String> logs = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        McpClient.SyncSpec spec = McpClient.sync(new IgnoringToolListChanges(transport))
                .clientInfo(new McpSchema.Implementation("shadowcat-e2e-client", "1.0.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(60))
                .loggingConsumer(n -> logs.add(n.level() + " " + n.logger() + ": " + n.data()))
                .progressConsumer(n -> progress.add(n.progressToken() + " " + n.progress() + "/" + n.total()));
        if (features == Features.EVERY) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).sampling().elicitation().build())
                    .roots(new McpSchema.Root("file:///tmp/shadowcat-root", "the root"))
                    .sampling(request -> McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .model("test-model").message("sampled " + request.messages().size() + " message(s)")
                            .build())
                    .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                            Map.of("name", "Ann Example", "check", true, "email", "ann@example.com", "integer", 7)));
        }
        McpSyncClient client = spec.build();
        Steps recorded = new Steps(client, progress);
        try {
            recorded.note("initialize", client.initialize());
            steps.accept(recorded);
        } finally {
            client.closeGracefully();
        }
        // notifications are handed over on the SDK's own threads, and some are sent on a server's timer
        // (roots): compared as sets
        recorded.results.add("progress " + progress.stream().sorted().toList());
        recorded.results.add("logs " + logs.stream().sorted().toList());
        return recorded.results;
    }

    /** A connected client that notes what every call returned. */
    static final class Steps {
        final McpSyncClient client;
        final List<String> results = new ArrayList<>();
        /** The progress notifications the client got so far ({@code token progress/total}). */
        final List<String> progress;

        /** Steps of a client whose progress notifications are not noted. */
        Steps(McpSyncClient client) {
            this(client, new CopyOnWriteArrayList<>());
        }

        Steps(McpSyncClient client, List<String> progress) {
            this.client = client;
            this.progress = progress;
        }

        void note(String step, Object result) {
            try {
                results.add(step + " " + JSON.writeValueAsString(result));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void call(String tool, Map<String, Object> arguments) {
            note("call " + tool, client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
        }

        /** Calls {@code tool} asking for progress notifications under {@code token}. */
        void callWithProgress(String tool, Map<String, Object> arguments, String token) {
            note("call " + tool, client.callTool(new McpSchema.CallToolRequest(tool, arguments,
                    Map.of("progressToken", token))));
        }

        /** Notes the JSON-RPC error {@code call} ends with (or its result, if it does not fail). */
        void failing(String step, java.util.function.Supplier<Object> call) {
            try {
                note(step, call.get());
            } catch (io.modelcontextprotocol.spec.McpError e) {
                note(step, Map.of("code", e.getJsonRpcError().code(), "message", e.getJsonRpcError().message()));
            }
        }
    }
}
