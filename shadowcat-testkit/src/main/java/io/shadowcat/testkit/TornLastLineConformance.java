package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * For providers that store tapes as lines (or records) that a crash can cut short: implement this next to
 * extending {@link TapeStorageConformance}, and say how to damage a stored tape the way a crash mid-write
 * would. The tape must still read back whole, without the torn record.
 */
public interface TornLastLineConformance {

    /** The same as {@link TapeStorageConformance#createBackend}. */
    TapeStorageBackend createBackend(Path dir) throws Exception;

    /**
     * Leaves an incomplete record at the end of tape {@code id} as stored under {@code dir} (the backend is
     * closed meanwhile), as if the process died in the middle of writing it.
     */
    void tearLastRecord(Path dir, TapeId id) throws Exception;

    @Test
    default void tornLastRecordIsIgnored(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Tape tape = SampleTapes.tape(77, "torn", 40, 1);
        try (TapeStorageBackend storage = createBackend(dir)) {
            storage.save(tape);
        }
        tearLastRecord(dir, tape.id());
        try (TapeStorageBackend storage = createBackend(dir)) {
            Tape loaded = storage.load(tape.id());
            assertThat(loaded.frames()).isEqualTo(tape.frames());
            assertThat(loaded.correlations()).isEqualTo(tape.correlations());
            assertThat(storage.list(TapeQuery.all()).items()).extracting(s -> s.id().value()).containsExactly("torn");
        }
    }
}
