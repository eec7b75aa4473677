package io.ectar.codec;

import java.util.List;

/** The engines every codec test runs on. ISA-L is required: the test machines and CI install libisal2. */
final class TestEngines {

    private TestEngines() {
    }

    static CodecEngine isal() {
        return CodecEngine.isal().orElseThrow(() -> new AssertionError(
                "ISA-L engine unavailable (" + CodecEngine.isalUnavailableReason().orElse("?")
                        + "); install Debian's libisal2 to run the codec tests"));
    }

    static List<CodecEngine> all() {
        return List.of(CodecEngine.java(), isal());
    }
}
