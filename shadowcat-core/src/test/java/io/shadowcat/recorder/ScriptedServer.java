package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON-RPC server over stdio, run as a real child process by the recorder tests. It answers by
 * method: {@code initialize} (an MCP handshake), {@code notify} (a notification, then the answer),
 * {@code fail} (an error), {@code stderr} (writes {@code params.text} to stderr), {@code exit} (exits with
 * {@code params.code} without answering), {@code sleep} (never answers: waits to be stopped), anything
 * else echoes its params. Lines that are not JSON come back unchanged; batches get a batch answer.
 */
public final class ScriptedServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptedServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode message;
            try {
                message = JSON.readTree(line);
            } catch (IOException e) {
                write(out, line);
                continue;
            }
            if (message.isArray()) {
                ArrayNode answers = JSON.createArrayNode();
                for (JsonNode element : message) {
                    List<JsonNode> replies = answer(element);
                    replies.forEach(answers::add);
                }
                if (!answers.isEmpty()) {
                    write(out, JSON.writeValueAsString(answers));
                }
                continue;
            }
            for (JsonNode reply : answer(message)) {
                write(out, JSON.writeValueAsString(reply));
            }
        }
    }

    private static List<JsonNode> answer(JsonNode request) throws InterruptedException {
        List<JsonNode> replies = new ArrayList<>();
        if (!request.has("id") || !request.hasNonNull("method")) {
            return replies; // notifications and responses get no answer
        }
        String method = request.get("method").asText();
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", request.get("id"));
        switch (method) {
            case "initialize":
                ObjectNode result = reply.putObject("result");
                result.put("protocolVersion", "2025-06-18");
                result.putObject("capabilities");
                result.putObject("serverInfo").put("name", "scripted-server").put("version", "1.2.3");
                break;
            case "notify":
                ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/message");
                note.putObject("params").put("level", "info").put("data", "working");
                replies.add(note);
                reply.putObject("result").put("done", true);
                break;
            case "fail":
                reply.putObject("error").put("code", -32000).put("message", "failed on purpose");
                break;
            case "stderr":
                System.err.println(request.path("params").path("text").asText());
                System.err.flush();
                reply.putObject("result");
                break;
            case "exit":
                System.exit(request.path("params").path("code").asInt());
                break;
            case "sleep":
                Thread.sleep(Long.MAX_VALUE);
                break;
            default:
                reply.putObject("result").set("echo", request.get("params"));
        }
        replies.add(reply);
        return replies;
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            System.exit(1);
        }
    }
}
