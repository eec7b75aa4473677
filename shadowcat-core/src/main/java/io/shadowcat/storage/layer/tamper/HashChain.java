package io.shadowcat.storage.layer.tamper;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The chain rule, written once for the writer, save and the verifier: {@code h(-1) = SHA-256("shadowcat-chain-v1",
 * tape id, created)}, {@code h(i) = SHA-256(h(i-1), canonical frame i)}. The canonical frame is what a
 * tape says of it on every provider and in every export: seq, ts, direction, the message as the tape
 * stores its text ({@link Frame#text}, as it crossed the wire), transport, correlation id and wall-clock timestamp, each length-prefixed.
 * Correlations are summed up in order by a separate digest that the checkpoint signs. Not thread-safe.
 */
final class HashChain {

    private static final HexFormat HEX = HexFormat.of();

    private byte[] last;
    private long frames;
    private long lastSeq = -1;
    private final MessageDigest correlations = sha256();
    private final MessageDigest frameDigest = sha256(); // reused: a lookup per frame costs more than the hash
    private long correlationCount;

    private HashChain(byte[] genesis) {
        this.last = genesis;
    }

    /** A chain for a tape with no frames yet. */
    static HashChain start(TapeHeader header) {
        return start(header.id(), header.createdAt());
    }

    static HashChain start(TapeId id, Instant createdAt) {
        MessageDigest d = sha256();
        field(d, "shadowcat-chain-v1");
        field(d, id.value());
        field(d, createdAt.toString());
        return new HashChain(d.digest());
    }

    /** The chain value frame {@code f} would get after the last one; nothing changes until {@link #advance}. */
    byte[] peek(Frame f) {
        return link(frameDigest, last, f);
    }

    /** Takes {@code f} with the value {@link #peek} gave. */
    void advance(Frame f, byte[] value) {
        last = value;
        frames++;
        lastSeq = f.seq();
    }

    /** The value {@code f} has after {@code previous}. */
    static byte[] link(byte[] previous, Frame f) {
        return link(sha256(), previous, f);
    }

    private static byte[] link(MessageDigest d, byte[] previous, Frame f) {
        d.reset();
        d.update(previous);
        d.update(ByteBuffer.allocate(16).putLong(f.seq()).putLong(f.ts()).array());
        field(d, f.direction().wireName());
        field(d, f.text()); // the stored text: a number's or an escape's respelling changes the hash
        field(d, f.transport() == null ? "" : TapeJson.compact(f.transport()));
        field(d, f.correlationId() == null ? "" : f.correlationId());
        d.update(ByteBuffer.allocate(8).putLong(f.timestamp() == null ? Long.MIN_VALUE : f.timestamp().toEpochMilli()).array());
        return d.digest();
    }

    void accept(Correlation c) {
        field(correlations, c.id());
        correlations.update(ByteBuffer.allocate(48).putLong(c.requestSeq()).putLong(c.responseSeq())
                .putLong(c.requestTs()).putLong(c.responseTs()).putLong(c.rttMs()).putLong(c.status().ordinal()).array());
        correlationCount++;
    }

    byte[] last() {
        return last.clone();
    }

    long frames() {
        return frames;
    }

    long lastSeq() {
        return lastSeq;
    }

    long correlationCount() {
        return correlationCount;
    }

    /** The digest of the correlations so far (the chain goes on). */
    byte[] correlationsDigest() {
        try {
            return ((MessageDigest) correlations.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] unhex(String s) {
        return HEX.parseHex(s);
    }

    private static void field(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(ByteBuffer.allocate(4).putInt(b.length).array());
        d.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
