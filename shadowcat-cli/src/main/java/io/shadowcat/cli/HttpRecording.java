package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.http.HttpRecorder;
import io.shadowcat.http.HttpRecorderException;
import io.shadowcat.http.UpstreamCaException;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.tape.TapeIdGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ParameterException;

/**
 * {@code shadowcat record --upstream URL}: runs the recording reverse proxy until SIGINT or SIGTERM, then
 * finishes every tape (one summary line each on stderr, as each tape finishes) and exits 0, or
 * {@link ExitCode#INCOMPLETE_TAPE} when any tape is missing messages or could not be finished.
 */
final class HttpRecording {

    private final RecordCommand command;

    HttpRecording(RecordCommand command) {
        this.command = command;
    }

    int run() {
        RecordingOptions options = command.options();
        PrintWriter err = command.err();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger incomplete = new AtomicInteger();
        AtomicInteger exitCode = new AtomicInteger(ExitCode.OK);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                done.await(120, TimeUnit.SECONDS); // every tape finished and the storage closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "shadowcat-signal");
        try (Shadowcat shadowcat = command.openShadowcat()) {
            HttpRecorder recorder;
            try {
                recorder = HttpRecorder.start(shadowcat == null ? null : shadowcat.storage(), options,
                        shadowcat == null ? TapeIdGenerator.random() : shadowcat.idGenerator(), command.upstream,
                        command.upstreamCa, command.listen == null ? ListenAddress.DEFAULT : command.listen,
                        result -> {
                            if (shadowcat != null) {
                                if (!result.complete()) {
                                    incomplete.incrementAndGet();
                                }
                                RecordCommand.report(result, err, "the recorder (not the relay)");
                            }
                        });
            } catch (UpstreamCaException e) {
                throw new ParameterException(command.spec.commandLine(), "--upstream-ca: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.spec.commandLine(), "--upstream: " + e.getMessage());
            } catch (HttpRecorderException e) {
                err.println("shadowcat record: " + e.getMessage());
                err.flush();
                return ExitCode.FAILURE;
            }
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                String url = recorder.clientUrl();
                if (command.readyFile != null) {
                    ReadyFile.write(command.readyFile, url); // first: whoever reads the line finds the file
                }
                err.println("shadowcat record: recording " + recorder.upstreamMasked() + "; listening on " + url);
                err.flush();
                awaitQuietly(stopRequested);
            } finally {
                recorder.stop();
            }
            if (incomplete.get() > 0) {
                err.println("shadowcat record: " + incomplete.get() + (incomplete.get() == 1 ? " tape is" : " tapes are")
                        + " incomplete (every message was relayed, not every one recorded): exit code "
                        + ExitCode.INCOMPLETE_TAPE);
                err.flush();
                exitCode.set(ExitCode.INCOMPLETE_TAPE);
            }
        } catch (IOException e) {
            err.println("shadowcat record: cannot write the ready file " + command.readyFile + ": " + e.getMessage());
            err.flush();
            return ExitCode.FAILURE;
        } finally {
            done.countDown();
        }
        return exitCode.get();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            // stop either way, without the flag: finishing the tapes waits, and must not be cut short
        }
    }
}
