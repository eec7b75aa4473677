package io.shadowcat.testkit;

import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.recorder.StdioRecorder;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session recorded live into a storage, for tests of what a recording does when its storage fails: the
 * real {@link StdioRecorder} relays a client's lines to {@code cat} (the server, which echoes every line) and
 * back, and records both directions. {@link #relay} sends requests and reads each echo before it returns, so a
 * test sees that the relay goes on whatever the storage does; {@link #finish} ends the session.
 */
public final class LiveRelay implements AutoCloseable {

    private final PipedOutputStream client;
    private final BufferedReader server;
    private final CompletableFuture<RecordingResult> result;
    private long next;

    private LiveRelay(PipedOutputStream client, BufferedReader server, CompletableFuture<RecordingResult> result) {
        this.client = client;
        this.server = server;
        this.result = result;
    }

    /** Starts recording tape {@code id} into {@code storage}. */
    public static LiveRelay start(TapeStorageBackend storage, String id) throws IOException {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(client, 1 << 16);
        PipedInputStream serverOut = new PipedInputStream(1 << 16);
        PipedOutputStream clientOut = new PipedOutputStream(serverOut);
        RecordingOptions options = RecordingOptions.builder().tapeId(TapeId.of(id))
                .drainTimeout(Duration.ofSeconds(30)).build();
        CompletableFuture<RecordingResult> result = CompletableFuture.supplyAsync(() -> {
            try (clientOut) {
                return new StdioRecorder(storage, options).record(List.of("cat"), clientIn, clientOut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "live-relay " + id);
            t.setDaemon(true);
            t.start();
        });
        return new LiveRelay(client, new BufferedReader(new InputStreamReader(serverOut, StandardCharsets.UTF_8)),
                result);
    }

    /** Sends {@code count} requests and reads each one's echo: each is two messages on the tape. */
    public void relay(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String line = "{\"jsonrpc\":\"2.0\",\"id\":" + next + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"echo\",\"arguments\":{\"n\":" + next + "}}}";
            next++;
            client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            client.flush();
            String echo = server.readLine();
            if (!line.equals(echo)) {
                throw new AssertionError("relay returned " + echo + " for " + line);
            }
        }
    }

    /** Messages relayed so far (requests and their echoes). */
    public long messages() {
        return 2 * next;
    }

    /** Ends the session (the client closes its input) and returns what the recorder reports. */
    public RecordingResult finish() throws IOException, InterruptedException {
        client.close();
        try {
            return result.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new AssertionError("the recorder failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the recorder did not end within 5 minutes of the session", e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
