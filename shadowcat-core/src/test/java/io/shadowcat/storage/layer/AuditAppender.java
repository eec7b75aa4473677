package io.shadowcat.storage.layer;

import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.util.List;

/** A child process for {@link AuditLogTest}: appends {@code args[1]} lines to the audit log {@code args[0]}. */
public final class AuditAppender {

    private AuditAppender() {
    }

    public static void main(String[] args) {
        AuditLog log = AuditLog.open(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            log.append(AuditOperation.LOAD, List.of(TapeId.of("p" + ProcessHandle.current().pid())), AuditOutcome.OK,
                    null);
        }
    }
}
