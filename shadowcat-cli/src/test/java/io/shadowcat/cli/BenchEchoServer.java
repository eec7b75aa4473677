package io.shadowcat.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The cheapest possible JSON-RPC server over stdio, for {@link RecordBench}: answers each request line
 * with {@code {"jsonrpc":"2.0","id":ID,"result":{"ok":true}}}, flushed at once, so that what is measured
 * is the relay, not the server. Notifications (no {@code "id"}) get no answer.
 */
public final class BenchEchoServer {

    private BenchEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        String line;
        while ((line = in.readLine()) != null) {
            int at = line.indexOf("\"id\":");
            if (at < 0) {
                continue;
            }
            int end = at + 5;
            while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '}') {
                end++;
            }
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + line.substring(at + 5, end) + ",\"result\":{\"ok\":true}}\n";
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
