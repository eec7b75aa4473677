package io.shadowcat.storage.layer.tamper;

import io.shadowcat.storage.StorageException;

/** A tape refused because it carries a signed checkpoint its frames no longer match. */
public final class TamperEvidenceException extends StorageException {

    private static final long serialVersionUID = 1L;

    TamperEvidenceException(String message) {
        super(message);
    }
}
