package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code shadowcat record} killed with SIGKILL at a random moment of a burst: the tape afterwards must
 * hold every message the relay passed more than the durability window before its last delivery.
 *
 * <p>Why that bound can be checked without timing the recorder: the relay delivers request {@code j}
 * only after its capture, which came after the client started writing it ({@code sent[j]}); the promise
 * is that whenever the relay delivers a line, every line it captured more than the window earlier is on
 * disk. So once the client has the answer to {@code j}, every message the client had received before
 * {@code sent[j] - window}, and the request that caused it, must survive the kill.
 */
@Timeout(180)
class RecordCrashIT {

    private static final int MAX_MESSAGES = 1 << 20;

    @TempDir
    Path tapes;

    @ParameterizedTest(name = "durability {0}, seed {1}")
    @CsvSource({"200ms, 1", "200ms, 2", "200ms, 3", "every_frame, 4", "every_frame, 5"})
    void aKilledRecorderLosesAtMostTheDurabilityWindow(String durability, long seed) throws Exception {
        long windowNanos = durability.equals("every_frame") ? 0 : TimeUnit.MILLISECONDS.toNanos(200);
        SplittableRandom random = new SplittableRandom(seed);
        int killAfter = 100 + random.nextInt(900); // answers the client has before the kill, at least

        List<String> command = new ArrayList<>(Launchers.javaMain(Main.class));
        // no drops on a machine too busy to keep up within 5 s: the bound must hold exactly
        command.addAll(List.of("record", "--tape-id", "crash", "--max-relay-wait", "10m",
                "--", "sed", "-u", "s/\"method\":\"ping\"/\"result\":{}/"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(TestStorage.env(tapes));
        builder.environment().put("SHADOWCAT_STORAGE_DURABILITY", durability);
        Process recorder = builder.start();

        AtomicLongArray sent = new AtomicLongArray(MAX_MESSAGES);
        // Small messages make the fastest burst, the hardest for the recorder to keep within the window. With
        // every_frame (one fsync per message), 1 KiB ones: the pipes then hold hundreds, not thousands, so the
        // kill comes in seconds.
        String pad = windowNanos == 0 ? "p".repeat(1000) : "";
        Thread client = new Thread(() -> burst(recorder.getOutputStream(), sent, pad), "burst");
        client.setDaemon(true);
        client.start();

        long[] received = new long[MAX_MESSAGES];
        int answers = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(recorder.getInputStream(), UTF_8));
        while (true) {
            String line = in.readLine();
            assertThat(line).as("answer %d", answers).isNotNull();
            int id = idOf(line);
            assertThat(id).isEqualTo(answers); // sed answers in order
            received[id] = System.nanoTime();
            answers++;
            // kill once the window has something to prove: an answer received a window before a later send
            if (answers >= killAfter && sent.get(id) - received[0] > windowNanos) {
                break;
            }
        }
        recorder.destroyForcibly(); // SIGKILL
        assertThat(recorder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        client.join(TimeUnit.SECONDS.toMillis(30));

        long latestSend = sent.get(answers - 1);
        Set<Long> mustHave = new TreeSet<>();
        for (int id = 0; id < answers; id++) {
            if (received[id] < latestSend - windowNanos) {
                mustHave.add((long) id);
            }
        }
        Tape tape = TestStorage.load(tapes, TapeId.of("crash"));
        Set<Long> requests = ids(tape, Direction.CLIENT_TO_SERVER);
        Set<Long> responses = ids(tape, Direction.SERVER_TO_CLIENT);
        System.out.printf("durability %s, seed %d: killed after %d answers; on the tape %d requests and %d answers;"
                        + " %d answers older than the window, missing %d requests and %d answers of them%n",
                durability, seed, answers, requests.size(), responses.size(), mustHave.size(),
                mustHave.stream().filter(i -> !requests.contains(i)).count(),
                mustHave.stream().filter(i -> !responses.contains(i)).count());
        assertThat(mustHave).isNotEmpty();
        assertThat(requests).containsAll(mustHave);
        assertThat(responses).containsAll(mustHave);
    }

    /** Requests as fast as the pipe takes them, until the recorder is gone; {@code sent[i]} before each. */
    private static void burst(OutputStream out, AtomicLongArray sent, String pad) {
        try (out) {
            for (int i = 0; i < MAX_MESSAGES; i++) {
                byte[] request = ("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\",\"params\":{\"pad\":\""
                        + pad + "\"}}\n").getBytes(UTF_8);
                sent.set(i, System.nanoTime());
                out.write(request);
                out.flush();
            }
        } catch (IOException killed) {
            // the recorder was killed: the burst is over
        }
    }

    private static int idOf(String line) {
        int at = line.indexOf("\"id\":") + 5;
        int end = line.indexOf(',', at);
        return Integer.parseInt(line.substring(at, end));
    }

    private static Set<Long> ids(Tape tape, Direction direction) {
        Set<Long> ids = new HashSet<>();
        for (Frame f : tape.frames()) {
            if (f.direction() == direction && f.message().has("id")) {
                ids.add(f.message().get("id").asLong());
            }
        }
        return ids;
    }
}
