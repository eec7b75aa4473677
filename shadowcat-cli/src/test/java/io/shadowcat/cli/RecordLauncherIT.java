package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./shadowcat record} as a process over real pipes: bytes, stderr, exit codes and signals. */
class RecordLauncherIT {

    @TempDir
    Path tapes;

    private Process start(String tapeId, String... server) throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "--tape-id", tapeId, "--"));
        args.addAll(List.of(server));
        ProcessBuilder builder = new ProcessBuilder(Launchers.shadowcat(args));
        builder.environment().putAll(TestStorage.env(tapes));
        return builder.start();
    }

    private static CompletableFuture<byte[]> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void relaysBytesUnchangedAndPassesStderrThrough() throws Exception {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"t\":\"Zürich 日本語 🎉\"}}\n".getBytes(UTF_8));
        input.write(("{\"jsonrpc\":\"2.0\",\"method\":\"big\",\"params\":{\"b\":\"" + "z".repeat(1 << 20) + "\"}}\n").getBytes(UTF_8));
        input.write("plain text\r\n".getBytes(UTF_8));
        input.write("{\"jsonrpc\":\"2.0\",\"method\":\"no newline at the end\"}".getBytes(UTF_8));
        Process p = start("bytes", "sh", "-c", "echo server-says-hello >&2; cat; exit 5");
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.toByteArray());
        }

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(5);
        assertThat(out.get()).isEqualTo(input.toByteArray());
        String stderr = new String(err.get(), UTF_8);
        assertThat(stderr).contains("server-says-hello", "shadowcat record: tape bytes: 8 messages recorded");
        // `cat` echoes the request back: the client's request, and the same one as the server's own, go
        // unanswered, and are flagged (issue 14 fidelity item 7)
        assertThat(stderr).contains("8 messages recorded, 2 requests without a response");

        Tape tape = TestStorage.load(tapes, TapeId.of("bytes"));
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.frames()).hasSize(8);
        assertThat(tape.frames()).filteredOn(f -> "big".equals(f.method()))
                .hasSize(2).allSatisfy(f -> assertThat(f.message().at("/params/b").asText()).hasSize(1 << 20));
        assertThat(tape.frames()).filteredOn(f -> f.message().isTextual()).extracting(f -> f.message().asText())
                .containsExactly("plain text", "plain text");
        assertThat(tape.metadata().transport().command()).isEqualTo("sh");
    }

    @Test
    void sigtermReachesTheServerAndItsExitCodeIsReturned() throws Exception {
        Process p = start("signal", "sh", "-c",
                "trap 'echo server-got-term >&2; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        OutputStream in = p.getOutputStream();
        in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes(UTF_8));
        in.flush();
        assertThat(out.readLine()).isEqualTo("ready");

        // SIGTERM to shadowcat (Process.destroy would also close our ends of its pipes)
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(new String(err.get(), UTF_8)).contains("server-got-term", "shadowcat record: tape signal:");
        Tape tape = TestStorage.load(tapes, TapeId.of("signal"));
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.frames()).extracting(Frame::method).contains("notifications/initialized");
        assertThat(tape.frames()).anySatisfy(f -> assertThat(f.message().asText()).isEqualTo("ready"));
        in.close();
    }

    @Test
    void aServerThatCannotStartIsOneLineWithExitCode127() throws Exception {
        Process p = start("nothing", "/no/such/server");
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        p.getOutputStream().close();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(127);
        assertThat(new String(err.get(), UTF_8).strip()).contains("shadowcat record: cannot start '/no/such/server'")
                .doesNotContain("\n\tat ", "Exception");
        assertThat(Files.exists(tapes.resolve("nothing.jsonl"))).isFalse();
    }
}
