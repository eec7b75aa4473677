package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;

/** Hand-written JSON-RPC over a child's stdio, for the tests that drive {@code record} line by line. */
final class StdioSession {

    private StdioSession() {
    }

    /** Writes one message as a line and flushes it. */
    static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(UTF_8));
        in.flush();
    }

    /** Reads lines until the answer to request {@code id}, and returns it; fails when the output ends first. */
    static String awaitAnswer(BufferedReader out, int id) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("\"id\":" + id + ",") || line.contains("\"id\":" + id + "}")) {
                return line;
            }
        }
        throw new AssertionError("the session ended without an answer to request " + id);
    }
}
