package io.ectar.tape;

/**
 * How one drive did while a tape set was written.
 *
 * @param tape the tape index in the set
 * @param device the drive's path or name
 * @param bytes record bytes written (shards, trailer; padding included)
 * @param seconds from the drive's first record to its last
 * @param starvedSeconds how long, within that time, the drive waited with nothing to write
 * @param failure why the drive was dropped, or null when it wrote everything
 * @param volumes how many cartridges (volumes) the drive wrote
 * @param switchSeconds how long, within {@code seconds}, the drive spent changing cartridges (finishing a
 *     volume, unloading, loading, checking and labelling the next)
 */
public record DriveReport(int tape, String device, long bytes, double seconds, double starvedSeconds,
        String failure, int volumes, double switchSeconds) {

    /** A drive that wrote one volume. */
    public DriveReport(int tape, String device, long bytes, double seconds, double starvedSeconds, String failure) {
        this(tape, device, bytes, seconds, starvedSeconds, failure, 1, 0);
    }

    /** Sustained rate in bytes per second over the drive's writing time. */
    public double bytesPerSecond() {
        return seconds > 0 ? bytes / seconds : 0;
    }

    /** Rate in bytes per second while streaming: the writing time without the cartridge changes. */
    public double streamingBytesPerSecond() {
        double streaming = seconds - switchSeconds;
        return streaming > 0 ? bytes / streaming : 0;
    }

    /** Whether the drive wrote the whole set. */
    public boolean ok() {
        return failure == null;
    }
}
