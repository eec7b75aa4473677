package io.shadowcat.storage.layer;

import java.util.Locale;

/** How an audited operation ended. */
public enum AuditOutcome {
    /** Done. */
    OK,
    /** No such tape. */
    NOT_FOUND,
    /** A retention lock or a legal hold stopped it. */
    REFUSED,
    /** Anything else went wrong (the detail names the exception type, never its message). */
    FAILED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
