package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.replay.MatchMode;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayServer;
import io.shadowcat.replay.ReplayStats;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shadowcat replay TAPE}: stands in for the recorded MCP server, answering from the tape over stdio. */
@Command(name = "replay",
        description = {"Answer an MCP client over stdio from a recorded tape, standing in for the server.",
                "Each request gets the recorded response under the client's id; recorded server notifications "
                        + "are sent in recorded order; a request the tape cannot answer gets JSON-RPC error -32010 "
                        + "saying what was not found. Ends when the client closes stdin."},
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TAPE", description = "The id of the tape to replay.")
    String tape;

    @Option(names = "--match", paramLabel = "MODE", converter = MatchModeConverter.class,
            description = "How a request finds its recorded response: method_params (default: same method and "
                    + "params, ignoring _meta and the id; repeated identical calls get the recorded responses in "
                    + "order, then the last), sequential (the next recorded request of the same method, params "
                    + "ignored) or strict (the tape's requests in the tape's order, same method and params).")
    MatchMode match = MatchMode.METHOD_PARAMS;

    @Option(names = "--speed", paramLabel = "X",
            description = "Reproduce the recorded timing, X times as fast (1 = as recorded, 2 = twice as fast, "
                    + "0.5 = half as fast). Default: answer at once.")
    Double speed;

    @Option(names = "--fail-on-miss",
            description = "Exit with code 1 when any request had no recorded response (for CI: the tape no "
                    + "longer covers what the client does).")
    boolean failOnMiss;

    @Override
    public Integer call() {
        if (speed != null && !(speed > 0 && speed < Double.POSITIVE_INFINITY)) {
            throw new ParameterException(spec.commandLine(), "--speed must be a number above 0, got " + speed);
        }
        GlobalOptions global = GlobalOptions.of(spec);
        TapeId id = TapeId.of(tape);
        Tape recorded;
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            recorded = storage.load(id);
        }
        ReplayServer server = new ReplayServer(recorded, new ReplayOptions(match, speed == null ? 0 : speed));
        ReplayStats stats = server.serve(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        if (global.verbose) {
            spec.commandLine().getErr().println("shadowcat replay: tape " + id + ": " + stats.requests() + " requests, "
                    + stats.unmatched() + " without a recorded response, " + stats.emitted() + " server messages sent");
            spec.commandLine().getErr().flush();
        }
        if (failOnMiss && stats.unmatched() > 0) {
            spec.commandLine().getErr().println("shadowcat: replay of tape " + id + ": " + stats.unmatched() + " of "
                    + stats.requests() + " requests had no recorded response (--fail-on-miss)");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /** Parses {@code --match}, naming the choices on a bad value. */
    static final class MatchModeConverter implements ITypeConverter<MatchMode> {
        @Override
        public MatchMode convert(String value) {
            try {
                return MatchMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
