package io.ectar.archive;

/** Another run (in this or another process) is writing an archive of the same base name right now. */
public final class ArchiveBusyException extends ArchiveException {
    public ArchiveBusyException(String message) {
        super(message);
    }
}
