package io.shadowcat.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code shadowcat} command tree, and the part of it that one command line runs.
 *
 * <p>picocli builds a command's model by reflection when the command is added to its parent: for all 25
 * commands that was most of a short run (130 of the 200 ms of {@code shadowcat --version}). {@link
 * #of(String...)} follows the arguments down the tree instead and adds only the commands on their path:
 * {@code --storage S tape list} builds {@code shadowcat}, {@code tape} and {@code list}, {@code --version}
 * builds {@code shadowcat} alone. Where the path is not certain, it adds every command below that level, so
 * that nothing changes for the user there: help ({@code --help}, {@code help}), a level left without a
 * subcommand, a word that names none (picocli's "did you mean" lists them all), {@code --}, an option this
 * class does not know or whose number of values varies, and {@code @FILE} arguments (which picocli expands
 * first). The tree here is the only list of subcommands; the {@code @Command} annotations name none.
 */
final class CommandPath {

    /**
     * One command: its name on the command line, how to make its object, and its subcommands in the order
     * {@code --help} lists them.
     */
    record Node(String name, Supplier<Object> factory, List<Node> children) {
        Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(factory, "factory");
            children = List.copyOf(children);
        }

        static Node leaf(String name, Supplier<Object> factory) {
            return new Node(name, factory, List.of());
        }

        Optional<Node> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }
    }

    // (lambdas rather than method references: a constructor reference loads its class when it is linked, and
    // a command's class should load only when the command line has it)
    private static final Node HELP = Node.leaf("help", () -> new CommandLine.HelpCommand());

    /** Every command there is. */
    static final Node TREE = new Node("shadowcat", () -> new ShadowcatCommand(), List.of(
            HELP,
            Node.leaf("record", () -> new RecordCommand()),
            Node.leaf("replay", () -> new ReplayCommand()),
            new Node("tape", () -> new TapeCommand(), List.of(
                    Node.leaf("list", () -> new TapeListCommand()),
                    Node.leaf("show", () -> new TapeShowCommand()),
                    Node.leaf("search", () -> new TapeSearchCommand()),
                    Node.leaf("rm", () -> new TapeRmCommand()),
                    Node.leaf("export", () -> new TapeExportCommand()),
                    Node.leaf("import", () -> new TapeImportCommand()),
                    Node.leaf("stats", () -> new TapeStatsCommand()),
                    Node.leaf("migrate", () -> new TapeMigrateCommand()),
                    Node.leaf("hold", () -> new TapeHoldCommand()),
                    Node.leaf("release", () -> new TapeReleaseCommand()),
                    Node.leaf("verify", () -> new TapeVerifyCommand()),
                    Node.leaf("rekey", () -> new TapeRekeyCommand()),
                    Node.leaf("export-age", () -> new TapeExportAgeCommand()))),
            new Node("providers", () -> new ProvidersCommand(), List.of(
                    Node.leaf("list", () -> new ProvidersCommand.ListProviders()),
                    Node.leaf("info", () -> new ProvidersCommand.Info()))),
            new Node("audit", () -> new AuditCommand(), List.of(
                    Node.leaf("verify", () -> new AuditCommand.Verify())))));

    private CommandPath() {
    }

    /** The whole tree: every command and subcommand. */
    static CommandLine all() {
        CommandLine root = new CommandLine(TREE.factory().get());
        addAll(root, TREE);
        return root;
    }

    /** The commands {@code args} runs, with every command of the levels where that is not certain. */
    static CommandLine of(String... args) {
        CommandLine root = new CommandLine(TREE.factory().get());
        CommandLine cli = root;
        Node node = TREE;
        boolean versionAsked = false;
        int i = 0;
        while (!node.children().isEmpty()) {
            if (i >= args.length) {
                if (!versionAsked) {
                    addAll(cli, node);  // picocli says a subcommand is required; shadowcat alone prints help
                }
                return root;
            }
            String arg = args[i];
            if (arg.startsWith("@")) {
                // picocli replaces an argument file by its contents before anything else: it may name any command
                return all();
            }
            Optional<Node> next = arg.startsWith("-") ? Optional.empty() : node.child(arg);
            if (next.isPresent() && next.get() != HELP) {
                node = next.get();
                cli = add(cli, node);
                i++;
                continue;
            }
            OptionSpec option = arg.startsWith("-") && !arg.equals("--") ? option(cli.getCommandSpec(), arg) : null;
            if (option == null || option.usageHelp() || option.arity().min() != option.arity().max()) {
                addAll(cli, node);  // help, a mistake, or something picocli alone can follow
                return root;
            }
            versionAsked |= option.versionHelp();
            int values = arg.contains("=") ? 0 : option.arity().max();
            for (int v = 1; v <= values && i + v < args.length; v++) {
                if (args[i + v].startsWith("@")) {
                    return all();
                }
            }
            i += 1 + values;
        }
        return root;
    }

    // -x, --name and --name=value by their exact names; anything else (-abc, -xVALUE) is left to picocli
    private static OptionSpec option(CommandSpec spec, String arg) {
        int eq = arg.indexOf('=');
        String name = eq > 0 ? arg.substring(0, eq) : arg;
        OptionSpec option = spec.findOption(name);
        return option != null && List.of(option.names()).contains(name) ? option : null;
    }

    private static void addAll(CommandLine cli, Node node) {
        for (Node child : node.children()) {
            addAll(add(cli, child), child);
        }
    }

    // --help (and --version) on every subcommand too: shadowcat tape search --help
    private static CommandLine add(CommandLine parent, Node node) {
        parent.addSubcommand(node.name(), node.factory().get());
        CommandLine sub = parent.getSubcommands().get(node.name());
        if (node != HELP && !sub.getCommandSpec().mixinStandardHelpOptions()) {
            sub.getCommandSpec().mixinStandardHelpOptions(true);
        }
        return sub;
    }
}
