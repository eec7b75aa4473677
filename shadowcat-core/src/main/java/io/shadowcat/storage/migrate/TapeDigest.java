package io.shadowcat.storage.migrate;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TransportInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;
import io.shadowcat.storage.spi.TapeStorageBackend;

/**
 * A SHA-256 over what a tape says, independent of how a provider stores it: the header (id, session,
 * creation time, protocol version, name, description, tags, status, transport, environment), every frame
 * (seq, ts, direction, the message as compact JSON, transport, correlation id, flags, timestamp) and every
 * correlation, in order. Left out, because every provider computes them anew: stats, performance,
 * checksum and the updated and finalized times.
 *
 * <p>Two providers holding the same tape give the same digest; this is how a migration proves a copy.
 * Feed the header, then the frames, then the correlations; not thread-safe.
 */
public final class TapeDigest {

    private final MessageDigest sha;
    private long frames;
    private long correlations;

    public TapeDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The digest of a stored tape, streaming its frames and correlations (never the whole tape in memory). */
    public static Result of(TapeStorageBackend backend, TapeId id) {
        TapeDigest d = new TapeDigest();
        d.header(backend.header(id));
        try (Stream<Frame> frames = backend.streamFrames(id)) {
            frames.forEachOrdered(d::frame);
        }
        try (Stream<Correlation> correlations = backend.streamCorrelations(id)) {
            correlations.forEachOrdered(d::correlation);
        }
        return d.result();
    }

    public TapeDigest header(TapeHeader h) {
        TapeMetadata m = h.metadata();
        tag('H');
        text(h.id().value());
        text(h.sessionId());
        text(TapeJson.formatInstant(h.createdAt()));
        text(h.protocolVersion());
        text(m.name());
        text(m.description());
        number(m.tags().size());
        m.tags().forEach(this::text);
        text(m.status().wireName());
        TransportInfo t = m.transport();
        if (t == null) {
            tag('-');
        } else {
            tag('T');
            text(t.type());
            text(t.command());
            number(t.args().size());
            t.args().forEach(this::text);
            text(t.processId() == null ? null : t.processId().toString());
            if (t.url() != null) {
                tag('U'); // only when present: digests of tapes without a URL stay as they were
                text(t.url());
            }
        }
        EnvironmentInfo e = m.environment();
        text(e.platform());
        text(e.shadowcatVersion());
        text(e.hostname());
        text(e.user());
        return this;
    }

    public TapeDigest frame(Frame f) {
        tag('F');
        number(f.seq());
        number(f.ts());
        text(f.direction().wireName());
        text(f.text()); // the message as written: a copy that re-serialized it is not the same tape
        text(f.transport() == null ? null : TapeJson.compact(f.transport()));
        text(f.correlationId());
        tag((char) ('0' + (f.flags().isError() ? 1 : 0) + (f.flags().isNotification() ? 2 : 0)
                + (f.flags().requiresResponse() ? 4 : 0)));
        text(f.timestamp() == null ? null : TapeJson.formatInstant(f.timestamp()));
        frames++;
        return this;
    }

    /** True when two frames are the same as far as the digest is concerned. */
    public static boolean sameFrame(Frame a, Frame b) {
        return a.seq() == b.seq() && a.ts() == b.ts() && a.direction() == b.direction()
                && a.flags().equals(b.flags()) && Objects.equals(a.correlationId(), b.correlationId())
                && Objects.equals(a.timestamp(), b.timestamp())
                && a.text().equals(b.text())
                && Objects.equals(a.transport() == null ? null : TapeJson.compact(a.transport()),
                        b.transport() == null ? null : TapeJson.compact(b.transport()));
    }

    public TapeDigest correlation(Correlation c) {
        tag('C');
        text(c.id());
        number(c.requestSeq());
        number(c.responseSeq());
        number(c.requestTs());
        number(c.responseTs());
        number(c.rttMs());
        text(c.status().wireName());
        correlations++;
        return this;
    }

    /** The digest of everything fed so far; the digest cannot be fed afterwards. */
    public Result result() {
        return new Result(HexFormat.of().formatHex(sha.digest()), frames, correlations);
    }

    /**
     * @param sha256 the digest, lowercase hex
     * @param frames how many frames went in
     * @param correlations how many correlations went in
     */
    public record Result(String sha256, long frames, long correlations) {
    }

    private void tag(char c) {
        sha.update((byte) c);
    }

    private void number(long n) {
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
    }

    // Length-prefixed so that field boundaries are unambiguous; null differs from "".
    private void text(String s) {
        if (s == null) {
            number(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        number(bytes.length);
        sha.update(bytes);
    }
}
