package io.shadowcat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import io.shadowcat.storage.layer.LifecycleState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape show ID}: a tape's metadata and frames. With {@code --format json} it prints one JSON
 * document: {@code metadata} (as in {@code ID.meta.json}), {@code init}, every frame and every correlation
 * (as in {@code ID.jsonl}), streamed so any length of tape can be shown.
 */
@Command(name = "show", description = "Show a tape: metadata and frames (all of them with --format json).")
final class TapeShowCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The tape id.")
    String id;

    @Option(names = "--frames", paramLabel = "N", description = "Table format: show at most N frames (default: all).")
    long maxFrames = Long.MAX_VALUE;

    @Override
    public Integer call() throws IOException {
        if (maxFrames < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--frames must be 0 or more, got " + maxFrames);
        }
        TapeId tapeId = TapeId.of(id);
        GlobalOptions global = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            TapeHeader header = storage.header(tapeId);
            LifecycleState state = Lifecycles.of(storage).state(tapeId);
            if (global.json()) {
                printJson(storage, header, state, out);
            } else {
                printTable(storage, header, state, out);
            }
        }
        return ExitCode.OK;
    }

    private static void printJson(TapeStorageBackend storage, TapeHeader header, LifecycleState state, PrintWriter out)
            throws IOException {
        RecordText text = new RecordText(header);
        JsonNode meta = TapeJson.mapper().readTree(TapeMetaJson.toBytes(header));
        try (JsonGenerator g = Output.generator(out)) {
            g.writeStartObject();
            g.writeFieldName("metadata");
            g.writeTree(meta);
            if (state.lock() != null || state.held()) {
                g.writeObjectFieldStart("retention");
                if (state.lock() != null) {
                    g.writeStringField("lock", state.lock().mode().text());
                    g.writeStringField("locked_until", state.locked() ? TapeJson.formatInstant(state.lockedUntil()) : null);
                }
                if (state.held()) {
                    g.writeObjectFieldStart("hold");
                    g.writeStringField("reason", state.hold().reason());
                    g.writeStringField("since", TapeJson.formatInstant(state.hold().since()));
                    g.writeStringField("by", state.hold().actor());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeFieldName("init");
            g.writeRawValue(text.render(header));
            g.writeArrayFieldStart("frames");
            try (Stream<Frame> frames = storage.streamFrames(header.id())) {
                Iterator<Frame> it = frames.iterator();
                while (it.hasNext()) {
                    g.writeRaw('\n');
                    g.writeRawValue(text.render(it.next()));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("correlations");
            try (Stream<Correlation> correlations = storage.streamCorrelations(header.id())) {
                for (Correlation c : (Iterable<Correlation>) correlations::iterator) {
                    g.writeRaw('\n');
                    g.writeRawValue(text.render(c));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    // "5 answered, 1 without a response": the recorder flags the requests a session ended without answering
    private static String requests(TapeStorageBackend storage, TapeHeader header) {
        long answered = 0;
        long unanswered = 0;
        try (Stream<Correlation> correlations = storage.streamCorrelations(header.id())) {
            for (Correlation c : (Iterable<Correlation>) correlations::iterator) {
                if (c.answered()) {
                    answered++;
                } else {
                    unanswered++;
                }
            }
        }
        return answered + " answered" + (unanswered == 0 ? "" : ", " + unanswered + " without a response");
    }

    private void printTable(TapeStorageBackend storage, TapeHeader header, LifecycleState state, PrintWriter out) {
        TapeMetadata m = header.metadata();
        Output.Table info = new Output.Table("FIELD", "VALUE");
        info.row("id", header.id());
        info.row("name", m.name());
        info.row("description", m.description());
        info.row("status", m.status().wireName());
        info.row("session", header.sessionId());
        info.row("protocol", header.protocolVersion());
        info.row("created", TapeJson.formatInstant(header.createdAt()));
        info.row("finalized", m.finalizedAt() == null ? null : TapeJson.formatInstant(m.finalizedAt()));
        info.row("tags", String.join(",", m.tags()));
        if (m.transport() != null) {
            info.row("transport", m.transport().type() + (m.transport().command() == null ? ""
                    : " " + m.transport().command() + " " + String.join(" ", m.transport().args())));
        }
        info.row("frames", m.stats().frameCount() + " (" + m.stats().clientToServer() + " to server, "
                + m.stats().serverToClient() + " to client, " + m.stats().errorCount() + " errors)");
        info.row("duration", Output.duration(m.stats().durationMs()));
        info.row("requests", requests(storage, header));
        if (state.lock() != null) {
            info.row("retention", state.lock() + (state.locked() ? ", locked until "
                    + TapeJson.formatInstant(state.lockedUntil()) : ", no longer locked"));
        }
        if (state.held()) {
            info.row("legal hold", "since " + TapeJson.formatInstant(state.hold().since()) + " by "
                    + state.hold().actor() + ": " + state.hold().reason());
        }
        info.print(out);
        out.println();
        Output.Table frames = new Output.Table("SEQ", "TS", "DIR", "KIND", "METHOD", "ID", "BYTES");
        long shown = 0;
        long total = 0;
        try (Stream<Frame> all = storage.streamFrames(header.id())) {
            for (Frame f : (Iterable<Frame>) all::iterator) {
                total++;
                if (shown < maxFrames) {
                    shown++;
                    JsonNode msgId = f.message().get("id");
                    frames.row(f.seq(), f.ts() + "ms", f.direction().wireName().equals("client_to_server") ? "->" : "<-",
                            kind(f), f.method(), msgId == null ? null : msgId.toString(),
                            f.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                }
            }
        }
        frames.print(out);
        if (shown < total) {
            out.println("(" + shown + " of " + total + " frames; --frames N shows more, --format json shows all)");
        }
        out.flush();
    }

    private static String kind(Frame f) {
        if (f.flags().isError()) {
            return "error";
        }
        if (f.flags().isNotification()) {
            return "notification";
        }
        return f.flags().requiresResponse() ? "request" : "response";
    }
}
