package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.layer.TapeLifecycle;
import io.shadowcat.tape.TapeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape release ID...}: lift legal holds. */
@Command(name = "release", description = "Release the legal hold on tapes. Exits with 3 when any was not held.")
final class TapeReleaseCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The tape ids.")
    List<String> ids;

    @Override
    public Integer call() {
        List<TapeId> parsed = new ArrayList<>();
        ids.forEach(id -> parsed.add(TapeId.of(id)));
        int exit = ExitCode.OK;
        try (Shadowcat shadowcat = GlobalOptions.of(spec).open(OpenMode.EXISTING)) {
            TapeLifecycle lifecycle = Lifecycles.of(shadowcat.storage());
            for (TapeId id : parsed) {
                if (lifecycle.release(id)) {
                    spec.commandLine().getOut().println("released " + id);
                } else {
                    spec.commandLine().getErr().println("shadowcat: tape not held: " + id);
                    exit = ExitCode.NOT_FOUND;
                }
            }
        }
        spec.commandLine().getOut().flush();
        return exit;
    }
}
