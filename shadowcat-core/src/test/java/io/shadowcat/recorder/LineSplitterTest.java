package io.shadowcat.recorder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.tape.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private int oversized;

    private LineSplitter splitter(int max) {
        return new LineSplitter(Direction.SERVER_TO_CLIENT, max, new LineSplitter.LineSink() {
            @Override
            public void line(CapturedLine line) {
                assertThat(line.direction()).isEqualTo(Direction.SERVER_TO_CLIENT);
                lines.add(new String(line.bytes(), UTF_8));
                times.add(line.nanos());
            }

            @Override
            public void oversized() {
                oversized++;
            }
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 11, 2024})
    void anyChunkingYieldsTheSameLines(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String line = "{\"n\":" + i + ",\"s\":\"" + "é🎉x".repeat(random.nextInt(50)) + "\"}";
            expected.add(line);
            text.append(line).append('\n');
        }
        byte[] bytes = text.toString().getBytes(UTF_8);
        LineSplitter splitter = splitter(1 << 20);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(300));
            splitter.feed(bytes, at, n, at);
            at += n;
        }
        splitter.finish(at);

        assertThat(lines).isEqualTo(expected);
        assertThat(oversized).isZero();
    }

    @Test
    void aLineIsStampedWithTheTimeOfItsLastChunk() {
        LineSplitter splitter = splitter(100);
        byte[] part1 = "{\"a\":".getBytes(UTF_8);
        byte[] part2 = "1}\n{\"b\"".getBytes(UTF_8);
        splitter.feed(part1, 0, part1.length, 10);
        splitter.feed(part2, 0, part2.length, 20);
        splitter.finish(30);

        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\"");
        assertThat(times).containsExactly(20L, 30L);
    }

    @Test
    void emptyLinesAndCarriageReturnsAreKeptForTheRecorderToJudge() {
        LineSplitter splitter = splitter(100);
        byte[] bytes = "a\r\n\n\nb\n".getBytes(UTF_8);
        splitter.feed(bytes, 0, bytes.length, 1);
        splitter.finish(2);

        assertThat(lines).containsExactly("a\r", "b");
    }

    @Test
    void overlongLinesAreReportedNotBufferedAndTheNextLineIsIntact() {
        LineSplitter splitter = splitter(10);
        byte[] bytes = "0123456789ABCDEF\nshort\n0123456789XYZ".getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i += 4) {
            splitter.feed(bytes, i, Math.min(4, bytes.length - i), i);
        }
        splitter.finish(99);

        assertThat(lines).containsExactly("short");
        assertThat(oversized).isEqualTo(2);
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() {
        LineSplitter splitter = splitter(5);
        byte[] bytes = "12345\n".getBytes(UTF_8);
        splitter.feed(bytes, 0, bytes.length, 0);
        assertThat(lines).containsExactly("12345");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> splitter(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLineBytes");
    }
}
