package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.layer.tamper.Ed25519Keys;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.layer.tamper.TapeVerifier;
import io.shadowcat.storage.layer.tamper.Verification;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape verify ID... [--public-key FILE] [--all]}: checks the hash chain and the signed
 * checkpoint of tapes written with {@code signing_key_file}. Opens the storage without the tamper layer,
 * which would hide the chain values, but with every other (encryption decrypts, namespace maps ids), and
 * writes one audit line per tape.
 */
@Command(name = "verify", description = "Check tapes' hash chains and signed checkpoints. Exits with 1 naming the "
        + "first bad frame when a tape was altered, 3 when a tape does not exist.")
final class TapeVerifyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "The tape ids.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Verify every stored tape.")
    boolean all;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "The signer's Ed25519 public key (PEM, openssl pkey -pubout); without it the signature is "
                    + "checked against the key the checkpoint names.")
    Path publicKey;

    @Override
    public Integer call() {
        if (all == !ids.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give tape ids or --all (not both)");
        }
        List<TapeId> given = new ArrayList<>();
        ids.forEach(id -> given.add(TapeId.of(id)));
        List<TapeId> parsed = given;
        GlobalOptions global = GlobalOptions.of(spec);
        PublicKey key = null;
        if (publicKey != null) {
            try {
                key = Ed25519Keys.readPublic(global.workingDirectory().resolve(publicKey));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--public-key: " + e.getMessage());
            }
        }
        int exit = ExitCode.OK;
        ArrayNode json = TapeJson.mapper().createArrayNode();
        try (Shadowcat shadowcat = global.openWithout(OpenMode.EXISTING, TamperLayer.NAME)) {
            TapeStorageBackend storage = shadowcat.storage();
            if (all) {
                parsed = everyTape(storage);
            }
            TapeVerifier verifier = new TapeVerifier(storage, key);
            for (TapeId id : parsed) {
                Verification v;
                try {
                    v = verifier.verify(id);
                } catch (TapeNotFoundException e) {
                    Lifecycles.audit(storage, AuditOperation.VERIFY, List.of(id), AuditOutcome.NOT_FOUND, null);
                    spec.commandLine().getErr().println("shadowcat: tape not found: " + id);
                    exit = exit == ExitCode.FAILURE ? exit : ExitCode.NOT_FOUND;
                    continue;
                }
                if (!v.ok()) {
                    exit = ExitCode.FAILURE;
                }
                Lifecycles.audit(storage, AuditOperation.VERIFY, List.of(id), v.ok() ? AuditOutcome.OK : AuditOutcome.FAILED,
                        v.badSeq() >= 0 ? v.outcome().name().toLowerCase(java.util.Locale.ROOT) + " at frame " + v.badSeq()
                                : v.outcome().name().toLowerCase(java.util.Locale.ROOT));
                if (global.json()) {
                    json.addObject().put("tape", id.value()).put("outcome", v.outcome().name().toLowerCase())
                            .put("frames", v.frames()).put("bad_seq", v.badSeq() < 0 ? null : v.badSeq())
                            .put("detail", v.detail());
                } else {
                    String verdict = switch (v.outcome()) {
                        case INTACT -> "intact";
                        case UNSIGNED -> "unsigned";
                        case BROKEN -> v.badSeq() >= 0 ? "BROKEN at frame " + v.badSeq() : "BROKEN";
                    };
                    spec.commandLine().getOut().println(id + ": " + verdict + ": " + v.detail());
                }
            }
        }
        if (global.json()) {
            Output.json(spec.commandLine().getOut(), json);
        }
        spec.commandLine().getOut().flush();
        return exit;
    }

    static List<TapeId> everyTape(TapeStorageBackend storage) {
        List<TapeId> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<TapeSummary> page = storage.list(TapeQuery.all().page(offset, 500));
            page.items().forEach(s -> out.add(s.id()));
            if (!page.hasMore() || page.items().isEmpty()) {
                return out;
            }
            offset += page.items().size();
        }
    }
}
