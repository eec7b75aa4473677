package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.internal.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an MCP client over stdio from a tape, standing in for the recorded server: one JSON-RPC message
 * per line each way, handed to a {@link ReplaySession} (which says how requests are matched and answered).
 * Each message goes out as the session hands its text over, on one line.
 *
 * <p>With a speed above 0, recorded delays are reproduced, divided by the speed; otherwise every answer
 * is sent at once. One server serves one client session.
 */
public final class ReplayServer {

    /** The JSON-RPC error code of a request the tape has no response for. */
    public static final int NO_RECORDING = -32010;

    private static final Logger LOG = LoggerFactory.getLogger(ReplayServer.class);
    private static final ObjectMapper JSON = TapeJson.mapper();

    private final ReplaySession session;

    public ReplayServer(Tape tape, ReplayOptions options) {
        this.session = new ReplaySession(tape, options);
    }

    /**
     * Serves one client until it closes {@code clientIn}, then waits for answers still scheduled.
     *
     * @param clientOut receives one JSON-RPC message per line, flushed per message; not closed
     * @throws UncheckedIOException when the client's input cannot be read
     */
    public ReplayStats serve(InputStream clientIn, OutputStream clientOut) {
        Output out = new Output(clientOut);
        ReplayChannel channel = (message, text, transport) -> out.write(text);
        session.start(channel);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !out.failed()) {
                handle(line, channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the client's messages: " + e.getMessage(), e);
        } finally {
            session.finish(); // already scheduled answers still go out
        }
        ReplayStats stats = session.stats();
        if (stats.unmatched() > 0) {
            LOG.warn("replay: {} of {} requests had no recorded response", stats.unmatched(), stats.requests());
        }
        return stats;
    }

    private void handle(String line, ReplayChannel channel) {
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            session.receiveUnreadable(channel);
            return;
        }
        session.receive(message, channel);
    }

    /** Writes one message per line, whole, from any thread. */
    private static final class Output {
        private final OutputStream out;
        private volatile boolean failed;

        Output(OutputStream out) {
            this.out = out;
        }

        synchronized void write(String text) {
            if (failed) {
                return;
            }
            try {
                // One message per line: a text recorded with line breaks (pretty-printed, over HTTP) has them
                // only between tokens, where a space means the same.
                String line = JsonText.hasLineBreak(text) ? text.replace('\r', ' ').replace('\n', ' ') : text;
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                failed = true; // the client is gone
                LOG.debug("replay: client stopped reading: {}", e.toString());
            }
        }

        boolean failed() {
            return failed;
        }
    }
}
