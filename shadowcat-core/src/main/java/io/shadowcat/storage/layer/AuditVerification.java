package io.shadowcat.storage.layer;

/**
 * What {@link AuditLog#verify} found.
 *
 * @param lines how many lines were read
 * @param firstBadLine the 1-based number of the first line that breaks the chain, or 0 when intact
 * @param problem what is wrong with it, or null when intact
 */
public record AuditVerification(long lines, long firstBadLine, String problem) {

    public boolean intact() {
        return firstBadLine == 0;
    }
}
