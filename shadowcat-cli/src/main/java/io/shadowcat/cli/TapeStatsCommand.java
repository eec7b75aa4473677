package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeJson;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape stats}: totals and health of the configured storage. */
@Command(name = "stats", description = "Show how many tapes, frames and bytes the storage holds, and its health.")
final class TapeStatsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GlobalOptions global = GlobalOptions.of(spec);
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            StorageStats s = storage.stats();
            HealthStatus h = storage.health();
            if (global.json()) {
                ObjectNode n = TapeJson.mapper().createObjectNode();
                n.put("provider", storage.providerName());
                n.put("tapes", s.tapeCount()).put("frames", s.frameCount()).put("bytes", s.totalBytes());
                n.putObject("health").put("healthy", h.healthy()).put("detail", h.detail());
                Output.json(spec.commandLine().getOut(), n);
            } else {
                new Output.Table("STAT", "VALUE")
                        .row("provider", storage.providerName())
                        .row("tapes", s.tapeCount())
                        .row("frames", s.frameCount())
                        .row("bytes", s.totalBytes() + " (" + Output.bytes(s.totalBytes()) + ")")
                        .row("health", (h.healthy() ? "ok: " : "FAILING: ") + h.detail())
                        .print(spec.commandLine().getOut());
            }
            return h.healthy() ? ExitCode.OK : ExitCode.FAILURE;
        }
    }
}
