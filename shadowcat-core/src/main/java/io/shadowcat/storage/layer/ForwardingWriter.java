package io.shadowcat.storage.layer;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A layer's writer that passes every call to the one it wraps, the defaults too ({@code durabilityWindow},
 * {@code durableFrames}, which the recorder relies on); a layer overrides what it changes.
 */
public abstract class ForwardingWriter implements TapeWriter {

    /** The writer below. */
    protected final TapeWriter inner;

    protected ForwardingWriter(TapeWriter inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public TapeId id() {
        return inner.id();
    }

    @Override
    public void append(Frame frame) {
        inner.append(frame);
    }

    @Override
    public void append(Correlation correlation) {
        inner.append(correlation);
    }

    @Override
    public void updateHeader(TapeHeader header) {
        inner.updateHeader(header);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public Optional<Duration> durabilityWindow() {
        return inner.durabilityWindow();
    }

    @Override
    public OptionalLong durableFrames() {
        return inner.durableFrames();
    }

    @Override
    public TapeSummary finish(TapeStatus status) {
        return inner.finish(status);
    }

    @Override
    public void close() {
        inner.close();
    }
}
