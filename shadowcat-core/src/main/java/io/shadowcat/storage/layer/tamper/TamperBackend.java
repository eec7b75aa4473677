package io.shadowcat.storage.layer.tamper;

import io.shadowcat.storage.layer.ForwardingBackend;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The tamper layer over a backend: chains and signs on the way down, strips the chain on the way up. */
final class TamperBackend extends ForwardingBackend {

    private final KeyPair key;
    private final Set<TamperTapeWriter> writers = ConcurrentHashMap.newKeySet();

    TamperBackend(TapeStorageBackend inner, KeyPair key) {
        super(inner);
        this.key = key;
    }

    @Override
    public void save(Tape tape) {
        inner.save(chain(tape));
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        List<Tape> chained = new ArrayList<>(tapes.size());
        for (Tape t : tapes) {
            chained.add(chain(t));
        }
        inner.saveAll(chained);
    }

    /** The tape with every frame chained and, unless still recording, a checkpoint: its own when it matches. */
    private Tape chain(Tape tape) {
        FrameOrder.check(tape.id(), tape.frames());
        HashChain chain = HashChain.start(tape.header());
        List<Frame> chained = new ArrayList<>(tape.frames().size());
        for (Frame given : tape.frames()) {
            Frame f = ChainedFrames.strip(given); // a raw export carries its old chain values: chain afresh
            byte[] value = chain.peek(f);
            chain.advance(f, value);
            chained.add(ChainedFrames.withChain(f, value));
        }
        tape.correlations().forEach(chain::accept);
        TapeMetadata m = tape.metadata();
        String checkpoint = m.checksum();
        if (SignedCheckpoint.isCheckpoint(checkpoint)) {
            String mismatch = TapeVerifier.mismatch(tape.id(), SignedCheckpoint.parse(checkpoint), chain);
            if (mismatch != null) {
                throw new TamperEvidenceException("refusing to store tape " + tape.id() + ": " + mismatch
                        + "; the tape was changed after it was signed (store it without its checksum to sign it anew)");
            }
        } else if (m.status() != TapeStatus.RECORDING) {
            Instant at = m.finalizedAt() != null ? m.finalizedAt() : Instant.now();
            checkpoint = SignedCheckpoint.sign(tape.id().value(), chain, at, key).text();
        }
        return new Tape(tape.header().withMetadata(withChecksum(m, checkpoint)), chained, tape.correlations());
    }

    static TapeMetadata withChecksum(TapeMetadata m, String checksum) {
        return new TapeMetadata(m.name(), m.description(), m.tags(), m.status(), m.transport(), m.environment(),
                m.stats(), m.updatedAt(), m.finalizedAt(), m.performance(), checksum);
    }

    @Override
    public Tape load(TapeId id) {
        Tape t = inner.load(id);
        return new Tape(t.header(), t.frames().stream().map(ChainedFrames::strip).toList(), t.correlations());
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return inner.streamFrames(id).map(ChainedFrames::strip);
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        TamperTapeWriter w = new TamperTapeWriter(this, inner.openWriter(header), header, key);
        writers.add(w);
        return w;
    }

    void done(TamperTapeWriter w) {
        writers.remove(w);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TamperTapeWriter w : List.copyOf(writers)) {
            try {
                w.close(); // signed before the provider closes
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        inner.close();
        if (first != null) {
            throw first;
        }
    }
}
