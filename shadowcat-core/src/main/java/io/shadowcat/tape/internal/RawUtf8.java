package io.shadowcat.tape.internal;

import com.fasterxml.jackson.core.io.SerializedString;
import java.nio.charset.StandardCharsets;

/**
 * A text to write raw (unquoted) through a Jackson generator, its UTF-8 made by the JDK, which for the ASCII
 * texts of JSON-RPC messages is an array copy: Jackson's own {@code writeRaw(String)} encodes char by char,
 * which took a fifth of an encrypted append's sealing (its 44 KB parts) and a share of every plain append.
 * The bytes are those Jackson would write for any text without unpaired surrogates (a decoded message has
 * none: a decoder puts U+FFFD where its input is not UTF-8).
 */
public final class RawUtf8 extends SerializedString {

    /**
     * The text length from which this is cheaper than Jackson's loop: below it, the array this allocates
     * costs more (a 5-8 % slower {@code EncodeBenchmark} with its few-hundred-byte frames).
     */
    public static final int WORTH_IT = 4096;

    private static final long serialVersionUID = 1L;

    public RawUtf8(String text) {
        super(text);
        _unquotedUTF8Ref = text.getBytes(StandardCharsets.UTF_8);
    }
}
