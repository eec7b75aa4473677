package io.shadowcat.storage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.StorageException;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batching rules a provider gets from {@link BatchingTapeWriter}, against a provider that fails on demand. */
class BatchingTapeWriterTest {

    /** Keeps what it was sent; fails the next sends while {@code failing} is set; {@code applyThenFail} applies first. */
    private static final class Recording extends BatchingTapeWriter {
        final List<Batch> sent = new ArrayList<>();
        final List<Long> applied = new ArrayList<>();
        int failing;
        boolean applyThenFail;
        boolean gone;
        int done;

        Recording(int batchFrames) throws IOException {
            super(TapeHeader.start(TapeId.of("b"), "s", "b"), batchFrames, Duration.ofHours(1));
        }

        @Override
        protected boolean send(Batch batch) {
            sent.add(batch);
            if (gone) {
                return false;
            }
            if (failing > 0) {
                failing--;
                if (applyThenFail && !applied.contains(batch.number())) {
                    applied.add(batch.number()); // the server applied it; the answer was lost
                }
                throw new StorageException("server away");
            }
            if (!applied.contains(batch.number())) {
                applied.add(batch.number());
            }
            return true;
        }

        @Override
        protected StorageException lost() {
            return new StorageException("lost b");
        }

        @Override
        protected void done() {
            done++;
        }
    }

    private static Frame frame(long seq) {
        return Frame.of(seq, seq, Direction.CLIENT_TO_SERVER,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}"));
    }

    @Test
    void aFullBatchCommitsAndAFailedOneIsResentAsItWasBeforeAnythingNewer() throws Exception {
        Recording w = new Recording(3);
        w.append(frame(0));
        w.append(frame(1));
        assertThat(w.sent).isEmpty();
        w.failing = 1;
        assertThatThrownBy(() -> w.append(frame(2))).isInstanceOf(StorageException.class);
        // after a failure appends only buffer (the scheduler or a flush retries): no send per frame
        w.append(frame(3));
        w.append(frame(4));
        w.append(frame(5));
        assertThat(w.sent).hasSize(1);
        w.flush();
        assertThat(w.sent).extracting(BatchingTapeWriter.Batch::number).containsExactly(1L, 1L, 2L);
        assertThat(w.sent.get(1)).isEqualTo(w.sent.get(0));
        assertThat(w.sent.get(1).lines()).hasSize(3);
        assertThat(w.sent.get(2).lines()).hasSize(3);
        assertThat(w.durableFrames()).hasValue(6);
    }

    @Test
    void aFinishThatFailedIsRetriedByCloseWithOneEndRecordAndDoneOnce() throws Exception {
        Recording w = new Recording(100);
        w.append(frame(0));
        w.failing = 1;
        w.applyThenFail = true;
        assertThatThrownBy(() -> w.finish(TapeStatus.FINALIZED)).isInstanceOf(StorageException.class);
        assertThat(w.done).isZero();
        w.close();
        assertThat(w.done).isEqualTo(1);
        long ends = w.sent.stream().distinct().flatMap(b -> b.lines().stream()).filter(l -> l.contains("\"checkpoint\""))
                .count();
        assertThat(ends).as("end records made").isEqualTo(1);
        assertThat(w.sent).allMatch(BatchingTapeWriter.Batch::last);
        assertThat(w.applied).containsExactly(1L);
        assertThatThrownBy(() -> w.append(frame(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTapeNoLongerTheWritersFailsEveryLaterCallWithLost() throws Exception {
        Recording w = new Recording(100);
        w.append(frame(0));
        w.gone = true;
        assertThatThrownBy(w::flush).hasMessage("lost b");
        assertThat(w.done).isEqualTo(1);
        assertThatThrownBy(() -> w.append(frame(1))).hasMessage("lost b");
        assertThatThrownBy(() -> w.finish(TapeStatus.FINALIZED)).hasMessage("lost b");
        w.close(); // nothing more to do, and no second done()
        assertThat(w.done).isEqualTo(1);
    }

    @Test
    void liveCountsIncludeWhatWaitsAndTheInitRecordComesFirst() throws Exception {
        Recording w = new Recording(100);
        assertThat(w.firstLine()).contains("\"type\":\"init\"");
        w.append(frame(0));
        w.append(frame(1));
        assertThat(w.liveHeader().metadata().stats().frameCount()).isEqualTo(2);
        assertThat(w.durableFrames()).hasValue(0);
        assertThat(w.liveBytes()).isGreaterThan(w.firstLine().length() + 1L);
    }
}
