package io.shadowcat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, exitAtEnd(System.in), System.out);
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

    /** Ends the process once the client closes stdin, as stdio MCP servers should. */
    private static InputStream exitAtEnd(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    exitSoon();
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    exitSoon();
                }
                return c;
            }
        };
    }

    private static void exitSoon() {
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(200); // let answers already in flight go out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.exit(0);
        });
        exit.setDaemon(false);
        exit.start();
    }

}
