package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EctarCommandTest {

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("ectar \\d+\\.\\d+\\.\\d+.*\\R");
    }

    @Test
    void helpListsEverySubcommand() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("create", "extract", "list", "verify", "info", "bench");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("a subcommand is required");
    }

    @Test
    void everySubcommandIsRegisteredUnderItsOwnNameInHelpOrder() {
        CommandLine all = EctarCommand.commandLine();
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(EctarCommand.SUBCOMMANDS.keySet());
        all.getSubcommands().forEach((name, sub) -> assertThat(sub.getCommandName()).isEqualTo(name));
        assertThat(EctarCommand.SUBCOMMANDS.keySet()).containsExactly("help", "create", "extract", "list", "verify",
                "info", "locate", "bench", "bench-tape");
    }

    @Test
    void aRunOfOneSubcommandBuildsOnlyThatOne() {
        assertThat(EctarCommand.commandLine(new String[] {"extract", "-i", "x"}).getSubcommands())
                .containsOnlyKeys("extract");
        assertThat(EctarCommand.commandLine(new String[] {"help", "list"}).getSubcommands()).hasSize(9);
        assertThat(EctarCommand.commandLine(new String[] {"--verbose", "list"}).getSubcommands()).hasSize(9);
        assertThat(EctarCommand.commandLine(new String[] {"lsit"}).getSubcommands()).hasSize(9);
        assertThat(EctarCommand.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
        assertThat(EctarCommand.commandLine(new String[] {"-V"}).getSubcommands()).isEmpty();
        assertThat(EctarCommand.commandLine(new String[] {"--version", "list"}).getSubcommands()).hasSize(9);
    }

    @Test
    void theInheritedVerboseOptionWorksOnASubcommandBuiltAlone() {
        CliRun run = CliRun.of("info", "--verbose", "-i", "/no/such/archive");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ectar info: ").contains("\tat ");
        CliRun quiet = CliRun.of("info", "-i", "/no/such/archive");
        assertThat(quiet.err()).startsWith("ectar info: ").doesNotContain("\tat ");
    }

    @Test
    void aSubcommandsHelpAndUsageErrorsAreUnchanged() {
        CliRun help = CliRun.of("help", "create");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: ectar create");
        assertThat(CliRun.of("create", "--help").out()).isEqualTo(help.out());
        CliRun typo = CliRun.of("lsit");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("lsit");
        for (String[] args : new String[][] {{"create", "--help"}, {"create", "--no-such-option"},
                {"create", "-o", "x", "--no-such-option", "y"}, {"list", "-i"}, {"verify", "--quick", "--full"},
                {"extract", "-i", "a", "-o"}, {"bench-tape", "--help"}, {"--version"}, {"-V"}, {"--version", "x"}}) {
            CliRun alone = CliRun.of(args);
            CliRun withAll = runWithEverySubcommand(args);
            assertThat(alone).as(String.join(" ", args)).isEqualTo(withAll);
            assertThat(alone.out() + alone.err()).as(String.join(" ", args)).isNotBlank();
        }
    }

    private static CliRun runWithEverySubcommand(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = EctarCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
