package io.shadowcat.recorder;

import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.TapeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a session is recorded: what the tape is called, what is masked, and how far the recorder may fall
 * behind before the relay waits for it or it drops messages from the tape (never from the session).
 *
 * @param name the tape's name, or null to take the server's name from {@code initialize}
 * @param description the tape's description, or null to describe the client and server
 * @param tapeId the tape's id, or null for one from the recorder's {@link io.shadowcat.tape.TapeIdGenerator}
 * @param environment where the recording runs, or null to detect it
 * @param queueCapacity messages the recorder may fall behind by before the relay waits (or, without a
 *     durability window, drops)
 * @param queueMaxBytes bytes the recorder may fall behind by, likewise
 * @param maxRelayWait how long the relay waits for a recorder more than the storage's durability window
 *     behind before it drops messages from the tape until the recorder has caught up
 * @param maxMessageBytes larger messages are relayed but not recorded
 * @param drainTimeout how long, once the session ended, the storage may take to catch up
 * @param terminateGrace how long the server has to exit after {@code SIGTERM} before it is killed
 */
public record RecordingOptions(String name, String description, List<String> tags, TapeId tapeId,
                               Redactor redactor, EnvironmentInfo environment, int queueCapacity,
                               long queueMaxBytes, Duration maxRelayWait, int maxMessageBytes,
                               Duration drainTimeout, Duration terminateGrace) {

    /** How long the relay waits, by default, for a recorder that fell behind the durability window. */
    public static final long DEFAULT_MAX_RELAY_WAIT_SECONDS = 5;

    public RecordingOptions {
        tags = tags == null ? List.of() : List.copyOf(tags);
        redactor = redactor == null ? Redactor.defaults() : redactor;
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > queueMaxBytes) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 and queueMaxBytes ("
                    + queueMaxBytes + "), got " + maxMessageBytes);
        }
        if (maxRelayWait == null || maxRelayWait.isNegative()) {
            throw new IllegalArgumentException("maxRelayWait must be zero or more, got " + maxRelayWait);
        }
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(terminateGrace, "terminateGrace");
    }

    /**
     * Defaults: random id, default redaction, a 262,144-message / 256 MiB queue, a relay that waits up to
     * {@value #DEFAULT_MAX_RELAY_WAIT_SECONDS} s for the recorder, 64 MiB messages.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RecordingOptions}. */
    public static final class Builder {
        private String name;
        private String description;
        private final List<String> tags = new ArrayList<>();
        private TapeId tapeId;
        private Redactor redactor = Redactor.defaults();
        private EnvironmentInfo environment;
        private int queueCapacity = 262_144;
        private long queueMaxBytes = 256L << 20;
        private Duration maxRelayWait = Duration.ofSeconds(DEFAULT_MAX_RELAY_WAIT_SECONDS);
        private int maxMessageBytes = 64 << 20;
        private boolean maxMessageBytesSet;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration terminateGrace = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder tags(List<String> values) {
            tags.addAll(values);
            return this;
        }

        public Builder tapeId(TapeId value) {
            tapeId = value;
            return this;
        }

        public Builder redactor(Redactor value) {
            redactor = value;
            return this;
        }

        public Builder environment(EnvironmentInfo value) {
            environment = value;
            return this;
        }

        public Builder queue(int capacity, long maxBytes) {
            queueCapacity = capacity;
            queueMaxBytes = maxBytes;
            return this;
        }

        public Builder maxRelayWait(Duration value) {
            maxRelayWait = value;
            return this;
        }

        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            maxMessageBytesSet = true;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            drainTimeout = value;
            return this;
        }

        public Builder terminateGrace(Duration value) {
            terminateGrace = value;
            return this;
        }

        public RecordingOptions build() {
            // a smaller queue lowers the default message limit with it; an explicit limit is checked instead
            int maxMessage = maxMessageBytesSet ? maxMessageBytes : (int) Math.min(maxMessageBytes, queueMaxBytes);
            return new RecordingOptions(name, description, tags, tapeId, redactor, environment, queueCapacity,
                    queueMaxBytes, maxRelayWait, maxMessage, drainTimeout, terminateGrace);
        }
    }
}
