package io.shadowcat.recorder;

import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;

/**
 * How a recording ended.
 *
 * @param exitCode the server's exit code (128 + signal number when a signal ended it)
 * @param framesRecorded messages that reached the tape
 * @param messagesLost messages relayed but missing from the tape (recorder behind by more than the
 *     relay's wait limit, storage failing, or too large to record)
 * @param nonJsonLines lines that were not JSON: relayed unchanged, on the tape as text
 * @param unanswered requests that never got a response
 * @param status the tape's final status; {@code RECORDING} when it could not be finalized
 * @param storageProblem what went wrong with the storage, or null
 * @param relayWaits how often the relay waited for the recorder to get within the durability window
 * @param relayWaited how long those waits took in all
 */
public record RecordingResult(TapeId tapeId, int exitCode, long framesRecorded, long messagesLost, long nonJsonLines,
                              int unanswered, TapeStatus status, String storageProblem, long relayWaits,
                              Duration relayWaited) {

    /** True when every relayed message is on a finalized tape. */
    public boolean complete() {
        return messagesLost == 0 && status == TapeStatus.FINALIZED;
    }
}
