package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.layer.LegalHold;
import io.shadowcat.storage.layer.TapeLifecycle;
import io.shadowcat.tape.TapeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape hold ID... --reason TEXT}: place legal holds. */
@Command(name = "hold", description = "Place a legal hold on tapes: no deletion or replacement until released, "
        + "whatever the retention settings say. Exits with 3 when any of them did not exist.")
final class TapeHoldCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The tape ids.")
    List<String> ids;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why (a case or ticket), required; stored with the hold, shown by tape show.")
    String reason;

    @Override
    public Integer call() {
        if (reason == null || reason.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason TEXT is required: say why the "
                    + "tapes are held (a case or ticket)");
        }
        List<TapeId> parsed = new ArrayList<>();
        ids.forEach(id -> parsed.add(TapeId.of(id)));
        int exit = ExitCode.OK;
        try (Shadowcat shadowcat = GlobalOptions.of(spec).open(OpenMode.EXISTING)) {
            TapeLifecycle lifecycle = Lifecycles.of(shadowcat.storage());
            for (TapeId id : parsed) {
                try {
                    LegalHold h = lifecycle.hold(id, reason);
                    spec.commandLine().getOut().println("held " + id + " (since " + h.since() + ")");
                } catch (io.shadowcat.storage.TapeNotFoundException e) {
                    spec.commandLine().getErr().println("shadowcat: tape not found: " + id);
                    exit = ExitCode.NOT_FOUND;
                }
            }
        }
        spec.commandLine().getOut().flush();
        return exit;
    }
}
