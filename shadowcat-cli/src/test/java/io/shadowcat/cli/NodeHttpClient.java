package io.shadowcat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/client-http.mjs}, the official TypeScript SDK client, against an HTTP MCP server
 * and returns what it printed. Fails loudly when node or the SDK is missing ({@code .ci/run} installs both).
 */
final class NodeHttpClient {

    static final Path DIR = Path.of("src/test/node");

    private NodeHttpClient() {
    }

    /** @param kind {@code streamable} or {@code sse} */
    static JsonNode run(String url, String kind, String... extra) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            throw new IllegalStateException("the TypeScript MCP SDK is not installed in " + DIR.toAbsolutePath()
                    + ": run npm ci there (.ci/run does)");
        }
        List<String> command = new ArrayList<>(List.of("node", "client-http.mjs", url, kind));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("client-http.mjs did not end");
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new AssertionError("client-http.mjs " + url + " " + kind + " failed: " + text);
        }
        return new ObjectMapper().readTree(text);
    }
}
