package io.shadowcat.cli;

import io.shadowcat.storage.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFiles;
import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.nio.file.Files;
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
 * {@code shadowcat tape import PATH...}: stores tape files (JSON Lines v2 with or without {@code .meta.json},
 * compressed or not, or legacy monolithic JSON), or every such file of a directory.
 */
@Command(name = "import", description = {"Import tape files or directories of them: ID.jsonl (with ID.meta.json "
        + "when present; .gz and .zst too) or legacy ID.json.", "A tape whose id is already stored is skipped unless --force."})
final class TapeImportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Tape files or directories.")
    List<Path> paths;

    @Option(names = "--id", paramLabel = "ID", description = "Store the (single) tape under this id.")
    String id;

    @Option(names = "--force", description = "Replace tapes that are already stored.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        GlobalOptions global = GlobalOptions.of(spec);
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            Path path = global.workingDirectory().resolve(p);
            if (Files.isDirectory(path)) {
                files.addAll(TapeFiles.list(path));
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        TapeId override = id == null ? null : TapeId.of(id);
        if (override != null && files.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--id needs exactly one tape file, got " + files.size());
        }
        int failed = 0;
        int imported = 0;
        try (TapeStorageBackend storage = global.openStorage()) {
            for (Path file : files) {
                try {
                    Tape tape = TapeFiles.read(file, override);
                    if (!force && storage.exists(tape.id())) {
                        spec.commandLine().getErr().println("shadowcat: skipping " + file + ": tape " + tape.id()
                                + " is already stored (use --force to replace it)");
                        failed++;
                        continue;
                    }
                    storage.save(tape);
                    imported++;
                    spec.commandLine().getOut().println("imported " + tape.id() + " (" + tape.frames().size()
                            + " frames) from " + file);
                } catch (IOException | RuntimeException e) {
                    failed++;
                    spec.commandLine().getErr().println("shadowcat: cannot import " + file + ": "
                            + ErrorHandler.message(e));
                }
            }
        }
        spec.commandLine().getOut().flush();
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("shadowcat: no tape files found in " + paths);
            return ExitCode.FAILURE;
        }
        if (failed > 0) {
            spec.commandLine().getErr().println("shadowcat: imported " + imported + " of " + files.size() + " files");
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
