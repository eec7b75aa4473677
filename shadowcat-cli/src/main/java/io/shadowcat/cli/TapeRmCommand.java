package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape rm ID...}: delete tapes. */
@Command(name = "rm", description = "Delete tapes. Exits with 3 when any of them did not exist.")
final class TapeRmCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The tape ids.")
    List<String> ids;

    @picocli.CommandLine.Option(names = "--bypass-retention", description = "Delete tapes a governance retention "
            + "lock still keeps (audited; refused under compliance, and for held tapes).")
    boolean bypassRetention;

    @Override
    public Integer call() {
        List<TapeId> parsed = new ArrayList<>();
        for (String id : ids) {
            parsed.add(TapeId.of(id)); // reject every bad id before deleting anything
        }
        int exit = ExitCode.OK;
        try (Shadowcat shadowcat = GlobalOptions.of(spec).open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            for (TapeId id : parsed) {
                boolean deleted = bypassRetention ? Lifecycles.of(storage).deleteBypassingRetention(id)
                        : storage.delete(id);
                if (deleted) {
                    spec.commandLine().getOut().println("removed " + id);
                } else {
                    spec.commandLine().getErr().println("shadowcat: tape not found: " + id);
                    exit = ExitCode.NOT_FOUND;
                }
            }
        }
        spec.commandLine().getOut().flush();
        return exit;
    }
}
