package io.shadowcat.testkit;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A recorder in a process of its own, for a provider's crash tests: it opens a writer on a tape through the
 * registry (provider by name, settings as given), appends and flushes frames when told, and never finishes;
 * the test kills it ({@link #kill}) as a crash would and checks what readers then see.
 */
public final class RecordingProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private long appended;

    private RecordingProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    }

    /** Starts the child on this JVM's class path; returns once its writer is open. */
    public static RecordingProcess start(String provider, String tapeId, Map<String, String> settings)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), RecordingProcess.class.getName(), provider,
                tapeId));
        settings.forEach((k, v) -> cmd.add(k + "=" + v));
        RecordingProcess child = new RecordingProcess(new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        child.expect("ready");
        return child;
    }

    /** Appends and flushes {@code n} more frames in the child; returns once they are committed. */
    public void append(int n) throws IOException {
        in.println("append " + n);
        appended += n;
        expect("ok " + appended);
    }

    /** Kills the child at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void expect(String line) throws IOException {
        String got = out.readLine();
        if (!line.equals(got)) {
            throw new IOException("recording child said '" + got + "', expected '" + line + "'");
        }
    }

    /** The child: {@code PROVIDER TAPE_ID KEY=VALUE...}; per line "append N" on stdin, "ok TOTAL" back. */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        TapeStorageBackend store = StorageRegistry.global().create(args[0], StorageSettings.of(args[0], settings));
        TapeWriter w = store.openWriter(new TapeHeader(TapeId.of(args[1]), null, Instant.parse("2026-01-15T10:00:00Z"),
                "2025-06-18", null));
        System.out.println("ready");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long seq = 0;
        String line;
        while ((line = stdin.readLine()) != null) {
            int n = Integer.parseInt(line.substring("append ".length()));
            for (int i = 0; i < n; i++, seq++) {
                w.append(Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}")));
            }
            w.flush();
            System.out.println("ok " + seq);
        }
    }
}
