package io.ectar.archive;

/** No index and no shard files match what the user named as the archive. */
public final class ArchiveNotFoundException extends ArchiveException {
    public ArchiveNotFoundException(String message) {
        super(message);
    }
}
