package io.ectar.archive;

/** Creating an archive would replace files of an existing one, and replacing was not asked for. */
public final class ArchiveExistsException extends ArchiveException {
    public ArchiveExistsException(String message) {
        super(message);
    }
}
