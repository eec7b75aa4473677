package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.testkit.ExampleTapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every usage error is one line, {@code shadowcat: MESSAGE (see 'shadowcat CMD --help')}, exit code 2: no help
 * text after it, no Java class or exception names in it. The option cases are enumerated from the commands'
 * own models, so a new subcommand or option is covered without being listed here.
 */
class UsageErrorsTest {

    private static final String EXAMPLE_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    @TempDir
    Path cwd;
    private CliRunner cli;

    @BeforeEach
    void isolateFromTheUsersConfig() {
        cli = new CliRunner(cwd);
    }

    /** The one line on stderr, after checking it is the only one and nothing went to stdout. */
    private String oneLine(List<String> args) {
        assertThat(cli.run(args)).as("exit code of %s (stderr: %s)", args, cli.err()).isEqualTo(ExitCode.USAGE);
        String text = cli.err();
        assertThat(text).as("stderr of %s", args).endsWith(System.lineSeparator());
        assertThat(text.lines().count()).as("lines on stderr for %s: %s", args, text).isEqualTo(1);
        assertThat(text).doesNotContain("java.", "Exception", "Usage:");
        assertThat(cli.out()).isEmpty();
        return text.strip();
    }

    /** Every command path but help: {@code [record]}, {@code [tape, list]}, ... */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(ShadowcatCommand.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> all) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                return;
            }
            List<String> here = new ArrayList<>(path);
            here.add(name);
            all.add(here);
            collect(sub, here, all);
        });
    }

    /** Values for the command's required parameters (else picocli reports those missing first). */
    private static List<String> requiredArguments(List<String> command) {
        CommandLine cli = ShadowcatCommand.commandLine();
        for (String name : command) {
            cli = cli.getSubcommands().get(name);
        }
        List<String> values = new ArrayList<>();
        if (command.equals(List.of("record"))) {
            values.add("--");
        }
        cli.getCommandSpec().positionalParameters().stream().filter(p -> p.arity().min() > 0)
                .forEach(p -> values.add("x"));
        return values;
    }

    private static String qualified(List<String> path) {
        return String.join(" ", Stream.concat(Stream.of("shadowcat"), path.stream()).toList());
    }

    static Stream<List<String>> everyCommand() {
        return commands().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void anUnknownOptionIsOneLine(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--zzz");
        args.addAll(requiredArguments(command));
        assertThat(oneLine(args)).isEqualTo("shadowcat: Unknown option: '--zzz' (see '"
                + qualified(command) + " --help')");
    }

    /** Every option whose value is typed (an enum, a number, a duration), with a value of the wrong kind. */
    static Stream<Arguments> everyTypedOption() {
        List<Arguments> cases = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>(commands());
        commands.add(0, List.of());
        CommandLine root = ShadowcatCommand.commandLine();
        for (List<String> path : commands) {
            CommandLine cli = root;
            for (String name : path) {
                cli = cli.getSubcommands().get(name);
            }
            for (OptionSpec o : cli.getCommandSpec().options()) {
                Class<?> type = o.type();
                boolean typed = type.isEnum() || type.isPrimitive() && type != boolean.class
                        || Number.class.isAssignableFrom(type) || type == Duration.class
                        || o.converters().length > 0;
                boolean inherited = o.inherited();
                if (typed && !inherited && o.arity().max() > 0) {
                    cases.add(Arguments.of(path, o.longestName()));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(9);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTypedOption")
    void aBadValueOfATypedOptionIsOneLineNamingIt(List<String> command, String option) {
        List<String> args = new ArrayList<>(command);
        args.add(option);
        args.add("bogus");
        args.addAll(requiredArguments(command));
        assertThat(oneLine(args)).startsWith("shadowcat: Invalid value for option '" + option + "': ")
                .contains("'bogus'").endsWith(" (see '" + qualified(command) + " --help')");
    }

    static Stream<Arguments> exactMessages() {
        return Stream.of(
                Arguments.of(List.of(), "shadowcat: a subcommand is required: record, replay, tape, providers or audit "
                        + "(see 'shadowcat --help')"),
                Arguments.of(List.of("tape"), "shadowcat: a subcommand is required: list, show, search, rm, export, "
                        + "import, stats, migrate, hold, release, verify, rekey or export-age (see 'shadowcat tape --help')"),
                Arguments.of(List.of("providers"), "shadowcat: a subcommand is required: list or info "
                        + "(see 'shadowcat providers --help')"),
                Arguments.of(List.of("replay", "t", "--match", "fuzzy"), "shadowcat: Invalid value for option "
                        + "'--match': unknown match mode 'fuzzy': use one of method_params, sequential, strict "
                        + "(see 'shadowcat replay --help')"),
                Arguments.of(List.of("replay", "t", "--speed", "fast"), "shadowcat: Invalid value for option "
                        + "'--speed': expected a number such as 2 or 0.5, got 'fast' (see 'shadowcat replay --help')"),
                Arguments.of(List.of("replay", "t", "--speed", "0"), "shadowcat: --speed must be a number above 0, "
                        + "got 0.0 (see 'shadowcat replay --help')"),
                Arguments.of(List.of("replay"), "shadowcat: Missing required parameter: 'TAPE' "
                        + "(see 'shadowcat replay --help')"),
                Arguments.of(List.of("replay", "t", "--listen", "8080"), "shadowcat: Invalid value for option '--listen': "
                        + "expected HOST:PORT such as 127.0.0.1:8080, got '8080' (see 'shadowcat replay --help')"),
                Arguments.of(List.of("replay", "t", "--ready-file", "f"), "shadowcat: --ready-file needs --listen "
                        + "(stdio replay has no address) (see 'shadowcat replay --help')"),
                Arguments.of(List.of("record", "--max-relay-wait", "soon", "--", "true"), "shadowcat: Invalid value "
                        + "for option '--max-relay-wait': expected a duration such as 500ms, 5s or 1m, got 'soon' "
                        + "(see 'shadowcat record --help')"),
                Arguments.of(List.of("--format", "xml", "tape", "list"), "shadowcat: Invalid value for option "
                        + "'--format': expected one of [table, json] (case-insensitive) but was 'xml' "
                        + "(see 'shadowcat --help')"),
                Arguments.of(List.of("tape", "list", "--limit", "ten"), "shadowcat: Invalid value for option "
                        + "'--limit': expected a whole number, got 'ten' (see 'shadowcat tape list --help')"),
                Arguments.of(List.of("tape", "list", "--limit", "99999999999"), "shadowcat: Invalid value for option "
                        + "'--limit': number out of range: 99999999999 (see 'shadowcat tape list --help')"),
                Arguments.of(List.of("tape", "list", "--limit", "0"), "shadowcat: --limit must be at least 1 and "
                        + "--offset at least 0 (see 'shadowcat tape list --help')"),
                Arguments.of(List.of("tape", "show", "t", "--frames", "-1"), "shadowcat: --frames must be 0 or more, "
                        + "got -1 (see 'shadowcat tape show --help')"),
                Arguments.of(List.of("tape", "lst"), "shadowcat: unknown command 'lst' (did you mean list or stats?) "
                        + "(see 'shadowcat tape --help')"),
                Arguments.of(List.of("tape", "stats", "extra"), "shadowcat: unexpected argument 'extra' "
                        + "(see 'shadowcat tape stats --help')"),
                Arguments.of(List.of("tape", "show", "../etc/passwd"), "shadowcat: invalid tape id '../etc/passwd': "
                        + "use 1 to 128 characters from A-Z, a-z, 0-9, '_' and '-' (see 'shadowcat tape show --help')"),
                Arguments.of(List.of("tape", "export", "t", "-o", "afile"), "shadowcat: --output afile is a file, not a "
                        + "directory: name a directory (created when missing), or - for stdout "
                        + "(see 'shadowcat tape export --help')"),
                Arguments.of(List.of("tape", "import", "--force", "--skip-existing", "afile"), "shadowcat: --force "
                        + "replaces stored tapes, --skip-existing keeps them: give one of them "
                        + "(see 'shadowcat tape import --help')"),
                Arguments.of(List.of("tape", "migrate"), "shadowcat: name the storage to copy from with --from, the one "
                        + "to copy to with --to, or both (see 'shadowcat tape migrate --help')"),
                Arguments.of(List.of("help", "nope"), "shadowcat: Unknown subcommand 'nope'. (see 'shadowcat --help')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactMessages")
    void theMessageSaysWhatIsWrong(List<String> args, String expected) throws IOException {
        Files.writeString(cwd.resolve("afile"), "not a directory");
        assertThat(oneLine(args)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aFileThatCannotBeWrittenIsNamedWithTheProblem() throws IOException {
        Path tape = cwd.resolve("in/" + EXAMPLE_ID + ".jsonl");
        Files.createDirectories(tape.getParent());
        Files.write(tape, ExampleTapes.bytes("example-complete.jsonl"));
        assertThat(cli.run(List.of("tape", "import", "in"))).as(cli.err()).isZero();
        Files.writeString(cwd.resolve("afile"), "not a directory");
        cli.clearErr();
        assertThat(cli.run(List.of("tape", "export", EXAMPLE_ID, "-o", "afile/sub"))).isEqualTo(ExitCode.FAILURE);
        assertThat(cli.err()).isEqualTo("shadowcat: " + cwd.resolve("afile/sub") + ": Not a directory"
                + System.lineSeparator());
        cli.clearErr();
        assertThat(cli.run(List.of("--storage", "filesystem:path=afile", "tape", "import", "in")))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(cli.err()).isEqualTo("shadowcat: cannot create storage provider filesystem: cannot open tape "
                + "directory " + cwd.resolve("afile") + ": " + cwd.resolve("afile") + " exists and is not a directory "
                + "(check the path setting and permissions)" + System.lineSeparator());
    }
}
