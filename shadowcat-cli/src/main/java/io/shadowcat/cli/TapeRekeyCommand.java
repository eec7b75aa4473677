package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.AgeSegments;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape rekey --to-recipients FILE ID...|--all}: re-encrypts stored tapes for new age
 * recipients, reading them with the configured {@code age_identity_file}. Each tape is decrypted and checked
 * whole, then replaced by the provider's atomic save, so a crash leaves each tape in its old or new form.
 */
@Command(name = "rekey", description = "Re-encrypt stored tapes for the age recipients in FILE (reads them with "
        + "age_identity_file); each tape is replaced atomically.")
final class TapeRekeyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    // checked in call(), not by picocli, so that an unknown option is reported first, as by every command
    @Option(names = "--to-recipients", paramLabel = "FILE",
            description = "Required: file of age1... recipients (one per line, # comments) to encrypt for from now on.")
    Path recipients;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "The tape ids.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Re-encrypt every stored tape.")
    boolean all;

    @Override
    public Integer call() {
        if (recipients == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to-recipients FILE is required");
        }
        if (all == !ids.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give tape ids or --all (not both)");
        }
        List<TapeId> parsed = new ArrayList<>();
        ids.forEach(id -> parsed.add(TapeId.of(id)));
        GlobalOptions global = GlobalOptions.of(spec);
        StorageConfig config = global.storageConfig();
        EncryptionLayer encryption = new EncryptionLayer();
        StorageSettings own = LayerSettings.of(config, encryption, global.workingDirectory());
        encryption.validate(own);
        Path target = global.workingDirectory().resolve(recipients);
        try (Shadowcat shadowcat = global.open(LayerSettings.without(config, encryption, new TamperLayer()),
                OpenMode.EXISTING)) {
            TapeStorageBackend stored = shadowcat.storage();
            List<TapeId> todo = all ? TapeVerifyCommand.everyTape(stored) : parsed;
            for (TapeId id : todo) {
                AgeSegments.rekey(stored, own, target, id);
                spec.commandLine().getOut().println("rekeyed " + id);
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
