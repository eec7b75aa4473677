package io.shadowcat.s3;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * How an object's JSON Lines are stored: the {@code compression} setting. The object's key ends with
 * {@link #suffix}, so a reader knows each object's codec from its name and a store whose setting changed
 * reads its older objects as they are.
 */
enum Codec {
    /** Plain JSON Lines ({@code .jsonl}), readable with any tool. */
    NONE(".jsonl"),
    /** One zstd frame ({@code .jsonl.zst}), level 3: {@code zstd -d} reads it. */
    ZSTD(".jsonl.zst");

    private final String suffix;

    Codec(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The codec whose objects end with {@code key}'s suffix, or null for a key that is no JSON Lines object. */
    static Codec ofKey(String key) {
        if (key.endsWith(ZSTD.suffix)) {
            return ZSTD;
        }
        return key.endsWith(NONE.suffix) ? NONE : null;
    }

    /** The setting's value, or null when it names no codec. */
    static Codec ofSetting(String value) {
        if (value == null) {
            return null;
        }
        for (Codec c : values()) {
            if (c.settingValue().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }

    byte[] encode(byte[] lines) {
        if (this == NONE) {
            return lines;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, lines.length / 4));
        try (ZstdOutputStream z = new ZstdOutputStream(out, 3)) {
            z.write(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    InputStream decode(InputStream stored) throws IOException {
        return this == NONE ? stored : new ZstdInputStream(stored);
    }
}
