package io.shadowcat.postgres;

import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A recorder in its own process, for the crash test: {@code URL USER PASSWORD SCHEMA ID} opens a writer, then
 * per line "append N" on stdin appends and flushes N frames and answers "ok TOTAL"; it never finishes (the
 * parent kills it).
 */
public final class RecordingChild {

    private RecordingChild() {
    }

    public static void main(String[] args) throws Exception {
        TapeStorageBackend store = new PostgresStorageProvider().create(StorageSettings.of("postgres",
                Map.of("url", args[0], "user", args[1], "password", args[2], "schema", args[3])));
        TapeWriter w = store.openWriter(new TapeHeader(TapeId.of(args[4]), null, Instant.parse("2026-01-15T10:00:00Z"),
                "2025-06-18", null));
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long seq = 0;
        String line;
        while ((line = in.readLine()) != null) {
            int n = Integer.parseInt(line.substring("append ".length()));
            for (int i = 0; i < n; i++, seq++) {
                w.append(Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}")));
            }
            w.flush();
            System.out.println("ok " + seq);
        }
    }
}
