package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineBytesTest {

    private static final byte[] CLASH_FF = {'c', 'l', 'a', 's', 'h', '-', (byte) 0xff};

    @Test
    void anArgumentJavaDecodedWithLossIsNamedWithItsBytes() {
        String[] args = {"create", "clash-\uFFFD"};
        List<byte[]> all = List.of("java".getBytes(StandardCharsets.UTF_8), "create".getBytes(StandardCharsets.UTF_8),
                CLASH_FF);
        assertThat(CommandLineBytes.undecodable(args, all)).get().asString()
                .startsWith("the argument 'clash-\\xff' is not valid UTF-8");
    }

    @Test
    void aRealReplacementCharacterIsFine() {
        String[] args = {"create", "clash-\uFFFD"};
        List<byte[]> all = List.of("create".getBytes(StandardCharsets.UTF_8),
                "clash-\uFFFD".getBytes(StandardCharsets.UTF_8));
        assertThat(CommandLineBytes.undecodable(args, all)).isEmpty();
        assertThat(CommandLineBytes.undecodable(args, List.of())).as("bytes unknown").isEmpty();
    }

    @Test
    void splitsNulTerminatedStrings() {
        assertThat(CommandLineBytes.split(new byte[] {'a', 0, 'b', 'c', 0})).containsExactly(new byte[] {'a'},
                new byte[] {'b', 'c'});
    }
}
