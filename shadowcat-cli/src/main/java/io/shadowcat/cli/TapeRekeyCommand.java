package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import io.shadowcat.storage.layer.LegalHoldException;
import io.shadowcat.storage.layer.RetentionLockedException;
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
 *
 * <p>It works below the tamper and encryption layers but through audit, namespace and retention: a rekey
 * replaces a tape's stored form (and so the bytes a retention lock keeps), so a locked or held tape is
 * refused like any other replacement, and each tape's rekey is an audit line.
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
        // the layers' keys, paths already made relative to the working directory; only encryption's are read
        StorageSettings own = global.registry().layers().split(config.settings()).layers();
        new EncryptionLayer().validate(own);
        Path target = global.workingDirectory().resolve(recipients);
        // below tamper and encryption (the stored age files), still through audit, namespace and retention
        try (Shadowcat shadowcat = global.openWithout(OpenMode.EXISTING, TamperLayer.NAME, EncryptionLayer.NAME)) {
            TapeStorageBackend stored = shadowcat.storage();
            List<TapeId> todo = all ? TapeVerifyCommand.everyTape(stored) : parsed;
            for (TapeId id : todo) {
                rekey(stored, own, target, id);
                spec.commandLine().getOut().println("rekeyed " + id);
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    // One audit line per tape, whatever the end: a lock or hold refusing the replacement is on the record too.
    private static void rekey(TapeStorageBackend stored, StorageSettings own, Path target, TapeId id) {
        AuditOutcome outcome = AuditOutcome.FAILED;
        String detail = null;
        try {
            AgeSegments.rekey(stored, own, target, id);
            outcome = AuditOutcome.OK;
        } catch (TapeNotFoundException e) {
            outcome = AuditOutcome.NOT_FOUND;
            throw e;
        } catch (RetentionLockedException | LegalHoldException e) {
            outcome = AuditOutcome.REFUSED;
            detail = e.getClass().getSimpleName();
            throw e;
        } catch (RuntimeException e) {
            detail = e.getClass().getSimpleName();
            throw e;
        } finally {
            Lifecycles.audit(stored, AuditOperation.REKEY, List.of(id), outcome, detail);
        }
    }
}
