package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import io.shadowcat.storage.layer.encryption.AgeSegments;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape export-age ID... [-o DIR]}: writes an encrypted tape's stored segments as the age
 * files they are ({@code ID.000000.age}, ...), without decrypting anything; {@code age -d -i key.txt} turns
 * each into JSON Lines.
 */
@Command(name = "export-age", description = "Write an encrypted tape's stored segments as standard age files "
        + "(ID.000000.age, ...) into a directory; no key needed. Decrypt with: age -d -i key.txt FILE")
final class TapeExportAgeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The tape ids.")
    List<String> ids;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Target directory (default: the current one).")
    Path output;

    @Override
    public Integer call() throws IOException {
        GlobalOptions global = GlobalOptions.of(spec);
        Path dir = output == null ? global.workingDirectory() : global.workingDirectory().resolve(output);
        try (Shadowcat shadowcat = global.openWithout(OpenMode.EXISTING, TamperLayer.NAME,
                EncryptionLayer.NAME)) {
            for (String id : ids) {
                List<Path> files = AgeSegments.export(shadowcat.storage(), TapeId.of(id), dir);
                Lifecycles.audit(shadowcat.storage(), AuditOperation.EXPORT, List.of(TapeId.of(id)), AuditOutcome.OK,
                        "age");
                spec.commandLine().getOut().println("exported " + id + ": " + files.size() + " age files in " + dir);
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
