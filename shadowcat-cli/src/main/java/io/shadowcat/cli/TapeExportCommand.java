package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape export ID}: writes a stored tape as {@code ID.jsonl} + {@code ID.meta.json}, the
 * files any Shadowcat can import, whatever provider stored it.
 */
@Command(name = "export", description = "Write a tape as ID.jsonl and ID.meta.json into a directory, or its JSON Lines to stdout (-o -).")
final class TapeExportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The tape id.")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR|-", description = "Target directory (default: the current one), or - for stdout.")
    String output = ".";

    @Option(names = "--force", description = "Overwrite files that exist.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        TapeId tapeId = TapeId.of(id);
        GlobalOptions global = GlobalOptions.of(spec);
        Path dir = global.workingDirectory().resolve(output);
        if (!output.equals("-") && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
                    + " is a file, not a directory: name a directory (created when missing), or - for stdout");
        }
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            TapeHeader header = storage.header(tapeId);
            if (output.equals("-")) {
                OutputStream stdout = new StdoutStream(spec.commandLine().getOut());
                writeJsonLines(storage, header, stdout);
                stdout.flush();
                Lifecycles.audit(storage, AuditOperation.EXPORT, List.of(tapeId), AuditOutcome.OK, "stdout");
                return ExitCode.OK;
            }
            Files.createDirectories(dir);
            Path jsonl = dir.resolve(tapeId + ".jsonl");
            Path meta = dir.resolve(tapeId + ".meta.json");
            if (!force && (Files.exists(jsonl) || Files.exists(meta))) {
                throw new IllegalArgumentException(jsonl + " or " + meta + " exists; use --force to overwrite");
            }
            replace(jsonl, out -> writeJsonLines(storage, header, out));
            replace(meta, out -> TapeMetaJson.write(header, out));
            Lifecycles.audit(storage, AuditOperation.EXPORT, List.of(tapeId), AuditOutcome.OK, "file");
            spec.commandLine().getOut().println("exported " + tapeId + " to " + jsonl + " and " + meta.getFileName());
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK;
    }

    private static void writeJsonLines(TapeStorageBackend storage, TapeHeader header, OutputStream out)
            throws IOException {
        JsonLinesTapeWriter w = new JsonLinesTapeWriter(out, header);
        w.write(header);
        long last = 0;
        try (Stream<Frame> frames = storage.streamFrames(header.id())) {
            for (Frame f : (Iterable<Frame>) frames::iterator) {
                w.write(f);
                last = f.seq();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Stream<Correlation> correlations = storage.streamCorrelations(header.id())) {
            for (Correlation c : (Iterable<Correlation>) correlations::iterator) {
                w.write(c);
            }
        }
        TapeMetadata m = header.metadata();
        if (m.status() != TapeStatus.RECORDING) {
            w.write(new Checkpoint(m.finalizedAt() != null ? m.finalizedAt()
                    : m.updatedAt() != null ? m.updatedAt() : header.createdAt(), last, m.stats()));
        }
        w.flush();
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    // temp file + fsync + rename: an interrupted export never leaves a half file under the real name
    private static void replace(Path target, Content content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 64 * 1024);
                content.writeTo(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Bytes to the command's stdout writer (UTF-8 text, which JSON Lines is). */
    private static final class StdoutStream extends OutputStream {
        private final java.io.PrintWriter out;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(8192);

        StdoutStream(java.io.PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            pending.write(b);
            if (b == '\n') {
                drain();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
            if (pending.size() > 8192) {
                drain();
            }
        }

        @Override
        public void flush() {
            out.write(new String(pending.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
            pending.reset();
            out.flush();
        }

        // Only whole lines are decoded, so a multi-byte character is never split.
        private void drain() {
            byte[] bytes = pending.toByteArray();
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            out.write(new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8));
            pending.reset();
            pending.write(bytes, end, bytes.length - end);
        }
    }
}
