package io.shadowcat.storage.filesystem;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How finalized tapes are stored: as plain {@code ID.jsonl}, {@code ID.jsonl.gz} or {@code ID.jsonl.zst}. */
enum Compression {
    NONE(".jsonl"),
    GZIP(".jsonl.gz"),
    ZSTD(".jsonl.zst");

    /** Checked in this order when looking for a tape's data file: the plain file last. */
    static final Compression[] LOOKUP_ORDER = {ZSTD, GZIP, NONE};

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    static Compression parse(StorageSettings settings, String key) {
        String v = settings.string(key, "none").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "none":
            case "":
                return NONE;
            case "gzip":
            case "gz":
                return GZIP;
            case "zstd":
            case "zst":
                return ZSTD;
            default:
                throw new InvalidConfigException(settings.provider(), key,
                        "expected none, gzip or zstd, got '" + settings.string(key, "") + "'");
        }
    }

    OutputStream compress(OutputStream out) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPOutputStream(out, 64 * 1024);
            case ZSTD:
                return new ZstdOutputStream(out, 3);
            default:
                return out;
        }
    }

    InputStream decompress(InputStream in) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(in, 64 * 1024);
            case ZSTD:
                return new ZstdInputStream(in);
            default:
                return in;
        }
    }
}
