package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@link CommandPath} builds the commands on the path of the arguments, every command where that path is not
 * certain, and in either case a command line that behaves exactly as the whole tree does.
 */
class CommandPathTest {

    private static final String STORE = "filesystem:path=tapes";
    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;

    @Test
    void versionBuildsTheRootAlone() {
        assertThat(CommandPath.of("--version").getSubcommands()).isEmpty();
        assertThat(CommandPath.of("-V").getSubcommands()).isEmpty();
    }

    @Test
    void aSubcommandIsFollowedWhereverTheGlobalOptionsAre() {
        for (String[] args : List.of(
                new String[] {"--storage", STORE, "tape", "list"},
                new String[] {"--storage=" + STORE, "tape", "list"},
                new String[] {"tape", "--storage", STORE, "list"},
                new String[] {"tape", "list", "--storage", STORE},
                new String[] {"-v", "--format", "json", "--config", "x.toml", "tape", "list", "--limit", "3"})) {
            assertThat(built(CommandPath.of(args))).as(String.join(" ", args)).containsExactly("tape", "tape list");
        }
    }

    @Test
    void theRecordedServersArgumentsAreNotLookedAt() {
        CommandLine cli = ShadowcatCommand.commandLine(new String[] {"record", "--", "tape", "--help", "@x"});

        assertThat(built(cli)).containsExactly("record");
        assertThat(cli.getSubcommands().get("record").isStopAtPositional()).isTrue();
    }

    @Test
    void aNestedCommandIsFollowed() {
        assertThat(built(CommandPath.of("providers", "info", "sqlite"))).containsExactly("providers", "providers info");
        assertThat(built(CommandPath.of("audit", "verify", "log"))).containsExactly("audit", "audit verify");
    }

    @Test
    void whereThePathIsNotCertainEveryCommandOfThatLevelIsBuilt() {
        List<String> tape = built(CommandPath.all()).stream().filter(c -> c.startsWith("tape")).toList();
        assertThat(tape).hasSize(14);
        for (String[] args : List.of(new String[] {"tape"}, new String[] {"tape", "lst"}, new String[] {"tape", "--help"},
                new String[] {"tape", "-h", "list"}, new String[] {"tape", "--zzz", "list"},
                new String[] {"tape", "--", "list"})) {
            assertThat(built(CommandPath.of(args))).as(String.join(" ", args)).containsExactlyElementsOf(tape);
        }
    }

    @Test
    void helpMistakesAndArgumentFilesBuildTheWholeTree() {
        List<String> all = built(CommandPath.all());
        assertThat(all).contains("record", "replay", "tape list", "tape export-age", "providers info", "audit verify");
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "tape"},
                new String[] {"bogus"}, new String[] {"--storage"}, new String[] {"@args.txt"},
                new String[] {"--storage", "@storage.txt", "tape", "list"})) {
            assertThat(built(CommandPath.of(args))).as(String.join(" ", args)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void theTreeNamesEveryCommandAsItsAnnotationDoes() {
        check(CommandPath.TREE, null);
    }

    private static void check(CommandPath.Node node, String expectedName) {
        CommandLine alone = new CommandLine(node.factory().get());
        if (expectedName != null) {
            assertThat(alone.getCommandName()).isEqualTo(expectedName);
        }
        assertThat(alone.getSubcommands()).as("%s declares no subcommands of its own", node.name()).isEmpty();
        node.children().forEach(child -> check(child, child.name()));
    }

    static Stream<List<String>> commandLines() {
        return Stream.of(List.of(), List.of("--version"), List.of("--help"), List.of("help"), List.of("help", "tape"),
                List.of("help", "tape", "list"), List.of("tape"), List.of("tape", "--help"), List.of("tape", "lst"),
                List.of("recrd"), List.of("--zzz", "tape", "list"), List.of("tape", "list", "--zzz"),
                List.of("--storage", STORE, "tape", "list"), List.of("tape", "list", "--storage=" + STORE, "--format", "json"),
                List.of("--storage", STORE, "tape", "show", "nope"), List.of("--storage", STORE, "tape", "stats"),
                List.of("providers"), List.of("providers", "list"), List.of("providers", "info", "filesystem"),
                List.of("audit", "verify"), List.of("record"), List.of("record", "--help"), List.of("replay", "--help"),
                List.of("--storage"), List.of("--format", "xml", "tape", "list"), List.of("tape", "--", "list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void aCommandLineBehavesAsTheWholeTreeDoes(List<String> args) throws Exception {
        Files.createDirectories(cwd.resolve("tapes"));
        String[] argv = args.toArray(String[]::new);
        Result path = run(ShadowcatCommand.commandLine(argv, env(), cwd, REGISTRY), argv);
        Result whole = run(ShadowcatCommand.commandLine(env(), cwd, REGISTRY), argv);

        assertThat(path).isEqualTo(whole);
        assertThat(path.out() + path.err()).as("something is printed").isNotBlank();
    }

    private Map<String, String> env() {
        return Map.of("HOME", cwd.toString());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Every command below the root, as "tape list", in the order they were added. */
    private static List<String> built(CommandLine cli) {
        List<String> names = new ArrayList<>();
        collect(cli, "", names);
        return names;
    }

    private static void collect(CommandLine cli, String prefix, List<String> names) {
        cli.getSubcommands().forEach((name, sub) -> {
            names.add(prefix + name);
            collect(sub, prefix + name + " ", names);
        });
    }
}
