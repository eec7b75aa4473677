package io.shadowcat.storage.layer;

/** How strict a retention lock is ({@code retention_lock}). */
public enum RetentionMode {
    /** Locked tapes can still be deleted on purpose: {@code tape rm --bypass-retention}, which is audited. */
    GOVERNANCE,
    /** No override at all: a locked tape stays until it is {@code retention_min_age} old. */
    COMPLIANCE;

    /** The setting's spelling. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
