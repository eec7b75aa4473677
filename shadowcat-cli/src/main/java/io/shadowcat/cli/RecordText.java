package io.shadowcat.cli;

import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Renders tape records as their JSON Lines text, one at a time, so output can stream any tape. */
final class RecordText {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final JsonLinesTapeWriter writer;

    RecordText(TapeHeader header) {
        try {
            writer = new JsonLinesTapeWriter(buffer, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's line, without the newline. */
    String render(TapeRecord record) {
        buffer.reset();
        try {
            writer.write(record);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = buffer.toString(StandardCharsets.UTF_8);
        return line.substring(0, line.length() - 1);
    }
}
