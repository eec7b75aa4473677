package io.shadowcat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;


/**
 * An MCP server built with the official MCP Java SDK, over stdio: the real server the end-to-end tests
 * record and then replace with a replay. Tools {@code add}, {@code echo} (logs a notification first)
 * and {@code fail}; resource {@code mem://greeting}; prompt {@code greet}. Exits when stdin closes.
 */
public final class SdkStdioServer {

    private SdkStdioServer() {
    }

    public static void main(String[] args) {
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        InFlight inFlight = new InFlight();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, exitAtEnd(System.in, inFlight),
                counting(System.out, inFlight));
        McpServer.sync(transport)
                .serverInfo("shadowcat-e2e-server", "1.0.0")
                .instructions("A test server.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, false).prompts(false)
                        .logging().build())
                .tools(add(json), echo(json), fail(json))
                .resources(greeting())
                .prompts(greet())
                .build();
    }

    private static SyncToolSpecification add(McpJsonMapper json) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("add").description("Adds two integers").inputSchema(json,
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},"
                                + "\"required\":[\"a\",\"b\"]}").build())
                .callHandler((exchange, request) -> {
                    long sum = ((Number) request.arguments().get("a")).longValue()
                            + ((Number) request.arguments().get("b")).longValue();
                    return McpSchema.CallToolResult.builder().addTextContent(Long.toString(sum)).build();
                })
                .build();
    }

    private static SyncToolSpecification echo(McpJsonMapper json) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("echo").description("Echoes text, logging it first").inputSchema(json,
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}").build())
                .callHandler((exchange, request) -> {
                    String text = String.valueOf(request.arguments().get("text"));
                    exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
                            .level(McpSchema.LoggingLevel.INFO).logger("echo").data("echoing " + text).build());
                    return McpSchema.CallToolResult.builder().addTextContent(text).build();
                })
                .build();
    }

    private static SyncToolSpecification fail(McpJsonMapper json) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("fail").description("Always fails")
                        .inputSchema(json, "{\"type\":\"object\"}").build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("failed on purpose").isError(true).build())
                .build();
    }

    private static SyncResourceSpecification greeting() {
        McpSchema.Resource resource = McpSchema.Resource.builder().uri("mem://greeting").name("greeting")
                .mimeType("text/plain").build();
        return new SyncResourceSpecification(resource, (exchange, request) -> new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(request.uri(), "text/plain", "Grüezi 👋"))));
    }

    private static SyncPromptSpecification greet() {
        McpSchema.Prompt prompt = new McpSchema.Prompt("greet", "Greets someone",
                List.of(new McpSchema.PromptArgument("name", "Who to greet", true)));
        return new SyncPromptSpecification(prompt, (exchange, request) -> new McpSchema.GetPromptResult("A greeting",
                List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                        new McpSchema.TextContent("Say hello to " + request.arguments().get("name"))))));
    }

    /**
     * Ends the process once the client closes stdin, as stdio MCP servers should, but only after every
     * request read has been answered: answers still in flight go out first.
     */
    private static InputStream exitAtEnd(InputStream in, InFlight inFlight) {
        return new FilterInputStream(in) {
            private final Lines lines = new Lines(inFlight::read);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    exitWhenAnswered(inFlight);
                } else {
                    lines.feed(b, off, n);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    exitWhenAnswered(inFlight);
                } else {
                    lines.feed(new byte[] {(byte) c}, 0, 1);
                }
                return c;
            }
        };
    }

    /** {@code out}, telling {@code inFlight} about every answer written. */
    private static OutputStream counting(OutputStream out, InFlight inFlight) {
        return new FilterOutputStream(out) {
            private final Lines lines = new Lines(inFlight::written);

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                lines.feed(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                lines.feed(b, off, len);
            }
        };
    }

    private static void exitWhenAnswered(InFlight inFlight) {
        Thread exit = new Thread(() -> {
            inFlight.awaitAnswers();
            System.out.flush();
            System.exit(0);
        });
        exit.setDaemon(false);
        exit.start();
    }

    /** Splits bytes into lines and hands each complete one on. */
    private static final class Lines {
        private final java.util.function.Consumer<String> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        synchronized void feed(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    sink.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b[i]);
                }
            }
        }
    }

    /** Requests read from the client against answers written to it. */
    private static final class InFlight {
        private static final ObjectMapper JSON = new ObjectMapper();
        private long requests;
        private long answers;

        /** A line from the client: counts the requests in it (an object, or a batch). */
        void read(String line) {
            int n = count(line, true);
            synchronized (this) {
                requests += n;
            }
        }

        /** A line to the client: counts the answers in it. */
        void written(String line) {
            int n = count(line, false);
            synchronized (this) {
                answers += n;
                notifyAll();
            }
        }

        /** Waits until every request read so far has its answer. */
        synchronized void awaitAnswers() {
            boolean interrupted = false;
            while (answers < requests) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static int count(String line, boolean requests) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                return 0; // not JSON: the SDK answers nothing it can pair
            }
            if (node == null) {
                return 0;
            }
            int n = 0;
            for (JsonNode m : node.isArray() ? node : List.of(node)) {
                boolean hasId = m.hasNonNull("id");
                boolean isRequest = m.has("method");
                if (hasId && isRequest == requests) {
                    n++;
                }
            }
            return n;
        }
    }
}
