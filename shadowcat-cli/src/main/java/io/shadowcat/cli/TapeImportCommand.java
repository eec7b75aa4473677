package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.migrate.TapeDigest;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFileReader;
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
        + "when present; .gz and .zst too) or legacy ID.json.", "A tape whose id is already stored is an error "
        + "unless --force (replace it) or --skip-existing (skip it when identical, to resume an interrupted import)."})
final class TapeImportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Tape files or directories.")
    List<Path> paths;

    @Option(names = "--id", paramLabel = "ID", description = "Store the (single) tape under this id.")
    String id;

    @Option(names = "--force", description = "Replace tapes that are already stored.")
    boolean force;

    @Option(names = "--skip-existing", description = "Skip tapes already stored with the same content (frames, "
            + "correlations and header, as tape migrate compares them), so an interrupted import can be run again; "
            + "a different tape under the same id is still an error.")
    boolean skipExisting;

    @Override
    public Integer call() throws IOException {
        GlobalOptions global = GlobalOptions.of(spec);
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            Path path = global.workingDirectory().resolve(p);
            if (Files.isDirectory(path)) {
                files.addAll(TapeFileReader.list(path));
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        if (force && skipExisting) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--force replaces stored tapes, --skip-existing keeps them: give one of them");
        }
        TapeId override = id == null ? null : TapeId.of(id);
        if (override != null && files.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--id needs exactly one tape file, got " + files.size());
        }
        int failed = 0;
        int imported = 0;
        int skipped = 0;
        try (Shadowcat shadowcat = global.open(OpenMode.CREATE)) {
            TapeStorageBackend storage = shadowcat.storage();
            Batch batch = new Batch(storage);
            for (Path file : files) {
                try {
                    Tape tape = TapeFileReader.read(file, override);
                    if (!force && (batch.holds(tape.id()) || storage.exists(tape.id()))) {
                        if (skipExisting && !batch.holds(tape.id()) && identical(storage, tape)) {
                            spec.commandLine().getOut().println("skipped " + tape.id() + " from " + file
                                    + ": already stored, identical");
                            skipped++;
                            continue;
                        }
                        spec.commandLine().getErr().println("shadowcat: skipping " + file + ": tape " + tape.id()
                                + (skipExisting ? " is already stored with different content" : " is already stored")
                                + " (use --force to replace it)");
                        failed++;
                        continue;
                    }
                    batch.add(tape, file);
                } catch (IOException | RuntimeException e) {
                    failed++;
                    spec.commandLine().getErr().println("shadowcat: cannot import " + file + ": "
                            + ErrorHandler.message(e));
                }
                if (batch.isFull()) {
                    failed += batch.store();
                    imported += batch.stored();
                }
            }
            failed += batch.store();
            imported += batch.stored();
        }
        spec.commandLine().getOut().flush();
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("shadowcat: no tape files found in " + paths);
            return ExitCode.FAILURE;
        }
        if (failed > 0) {
            spec.commandLine().getErr().println("shadowcat: imported " + imported + " of " + files.size() + " files"
                    + (skipped > 0 ? ", " + skipped + " already stored" : ""));
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    /** True when the stored tape says the same as {@code tape} (the digest a migration verifies copies with). */
    private static boolean identical(TapeStorageBackend storage, Tape tape) {
        TapeDigest d = new TapeDigest().header(tape.header());
        tape.frames().forEach(d::frame);
        tape.correlations().forEach(d::correlation);
        return d.result().equals(TapeDigest.of(storage, tape.id()));
    }

    /**
     * Tapes read but not yet stored. They are stored together ({@link TapeStorageBackend#saveAll}: one
     * transaction for providers that have them), which makes a bulk import of many small tapes fast; if the
     * batch fails, each tape is tried alone so only the bad ones are reported.
     */
    private final class Batch {
        private static final int MAX_TAPES = 500;
        private static final long MAX_FRAMES = 50_000;

        private final TapeStorageBackend storage;
        private final List<Tape> tapes = new ArrayList<>();
        private final List<Path> files = new ArrayList<>();
        private final java.util.Set<TapeId> ids = new java.util.HashSet<>();
        private long frames;
        private int stored;

        Batch(TapeStorageBackend storage) {
            this.storage = storage;
        }

        boolean holds(TapeId id) {
            return ids.contains(id);
        }

        void add(Tape tape, Path file) {
            tapes.add(tape);
            files.add(file);
            ids.add(tape.id());
            frames += tape.frames().size();
        }

        boolean isFull() {
            return tapes.size() >= MAX_TAPES || frames >= MAX_FRAMES;
        }

        /** How many tapes the last {@link #store} stored. */
        int stored() {
            return stored;
        }

        /** Stores the batch, reports each tape, and returns how many failed. */
        int store() {
            stored = 0;
            int failed = 0;
            try {
                storage.saveAll(tapes);
                for (int i = 0; i < tapes.size(); i++) {
                    reportImported(tapes.get(i), files.get(i));
                }
                stored = tapes.size();
            } catch (RuntimeException together) {
                for (int i = 0; i < tapes.size(); i++) {
                    try {
                        storage.save(tapes.get(i));
                        reportImported(tapes.get(i), files.get(i));
                        stored++;
                    } catch (RuntimeException e) {
                        failed++;
                        spec.commandLine().getErr().println("shadowcat: cannot import " + files.get(i) + ": "
                                + ErrorHandler.message(e));
                    }
                }
            }
            tapes.clear();
            files.clear();
            ids.clear();
            frames = 0;
            return failed;
        }

        private void reportImported(Tape tape, Path file) {
            spec.commandLine().getOut().println("imported " + tape.id() + " (" + tape.frames().size()
                    + " frames) from " + file);
        }
    }
}
