package io.shadowcat.storage.migrate;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;

/**
 * Copies every tape from one storage backend to another, streaming frames (a tape is never held in memory
 * whole) and proving each copy: after writing, the copy is read back and its frame count and
 * {@link TapeDigest} must equal the source's.
 *
 * <p>Resumable: a tape the destination already holds with the same digest is skipped; one that is a
 * prefix of the source and still marked {@code recording} is the remains of an interrupted migration and
 * is copied again; any other difference is a conflict, reported and left alone (nothing is overwritten).
 * With {@code deleteSource}, a source tape is deleted only after its copy was verified, and never while
 * it is still recording. Deletions wait until every tape is copied, and each first checks that the
 * destination still holds the copy: a destination that deletes tapes by itself (a retention policy keeping
 * only the newest) must not make a tape vanish from both sides.
 */
public final class TapeMigration {

    /** What happened to one tape. */
    public enum Outcome {
        /** Copied and verified. */
        COPIED,
        /** The destination already held an identical copy. */
        IDENTICAL,
        /** The destination holds a different tape under this id; both were left alone. */
        CONFLICT,
        /** Copying or verifying failed; a partial copy was removed. */
        FAILED
    }

    /** Hears about progress; called on the migrating thread. */
    public interface Listener {
        /** Before the first tape: how many tapes and frames the source holds. */
        default void started(long tapes, long frames) {
        }

        /** Every so many frames copied or compared. */
        default void frames(long count) {
        }

        /**
         * After each tape.
         *
         * @param detail why, for conflicts and failures; otherwise empty
         * @param sourceDeleted whether the source tape was deleted
         */
        default void tape(TapeId id, Outcome outcome, String detail, boolean sourceDeleted) {
        }
    }

    /**
     * @param droppedByDestination tapes copied and verified that the destination no longer held when their
     *     source was to be deleted (e.g. removed by its retention policy); their source was kept
     * @param problems one line per conflict, failure or dropped copy, naming the tape
     */
    public record Result(long copied, long identical, long conflicts, long failed, long deleted,
                         long droppedByDestination, long frames, List<String> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        /** True when every tape is now in the destination, verified. */
        public boolean complete() {
            return conflicts == 0 && failed == 0 && droppedByDestination == 0;
        }
    }

    private static final int PROGRESS_EVERY = 1000;

    private final TapeStorageBackend from;
    private final TapeStorageBackend to;
    private final boolean deleteSource;
    private final Listener listener;
    private long framesDone;

    /**
     * @param deleteSource delete each source tape once its copy is verified (recording tapes are kept)
     */
    public TapeMigration(TapeStorageBackend from, TapeStorageBackend to, boolean deleteSource, Listener listener) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.deleteSource = deleteSource;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    /** Migrates every tape the source lists. */
    public Result run() {
        List<TapeId> ids = new ArrayList<>();
        long totalFrames = 0;
        int pageSize = 1000;
        for (int offset = 0; ; offset += pageSize) {
            Page<TapeSummary> page = from.list(TapeQuery.all().page(offset, pageSize));
            for (TapeSummary s : page.items()) {
                ids.add(s.id());
                totalFrames += s.frameCount();
            }
            if (!page.hasMore() || page.items().isEmpty()) {
                break;
            }
        }
        listener.started(ids.size(), totalFrames);
        long copied = 0;
        long identical = 0;
        long conflicts = 0;
        long failed = 0;
        List<String> problems = new ArrayList<>();
        List<Verified> awaitingDeletion = new ArrayList<>();
        for (TapeId id : ids) {
            Step step;
            try {
                step = migrate(id);
            } catch (StorageException | IllegalArgumentException | IllegalStateException e) {
                step = new Step(Outcome.FAILED, e.getMessage() != null ? e.getMessage() : e.toString(), null);
            }
            switch (step.outcome()) {
                case COPIED -> copied++;
                case IDENTICAL -> identical++;
                case CONFLICT -> conflicts++;
                case FAILED -> failed++;
            }
            if (step.outcome() == Outcome.CONFLICT || step.outcome() == Outcome.FAILED) {
                problems.add("tape " + id + ": " + step.detail());
            }
            if (deleteSource && step.source() != null) {
                awaitingDeletion.add(new Verified(id, step.outcome(), step.source())); // reported once decided
            } else {
                listener.tape(id, step.outcome(), step.detail(), false);
            }
        }
        long deleted = 0;
        long dropped = 0;
        for (Verified v : awaitingDeletion) {
            String detail = "";
            boolean removed = false;
            try {
                if (!to.exists(v.id())) {
                    dropped++;
                    detail = "source kept: the destination no longer holds the verified copy (did its retention "
                            + "policy delete it?)";
                    problems.add("tape " + v.id() + ": " + detail);
                } else {
                    removed = deleteVerifiedSource(v.id(), v.digest());
                    detail = removed ? "" : "source kept: it is still recording or changed during the copy";
                }
            } catch (TapeNotFoundException gone) {
                detail = "source kept: it disappeared from the source after it was copied";
            } catch (StorageException e) {
                detail = "source kept: cannot delete it from the source: " + e.getMessage();
                problems.add("tape " + v.id() + ": " + detail);
                failed++;
            }
            if (removed) {
                deleted++;
            }
            listener.tape(v.id(), v.outcome(), detail, removed);
        }
        return new Result(copied, identical, conflicts, failed, deleted, dropped, framesDone, problems);
    }

    /** A tape copied (or found identical) and verified; {@code digest} is what the source held. */
    private record Verified(TapeId id, Outcome outcome, TapeDigest.Result digest) {
    }

    private record Step(Outcome outcome, String detail, TapeDigest.Result source) {
    }

    // Which side a missing tape is missing from matters: the source is never deleted for a copy that
    // vanished from the destination, and the report names the side that lost it.
    private Step migrate(TapeId id) {
        TapeHeader header;
        try {
            header = from.header(id);
        } catch (TapeNotFoundException gone) {
            return new Step(Outcome.FAILED, "tape disappeared from the source during the migration", null);
        }
        try {
            if (to.exists(id)) {
                Comparison c = compare(id);
                if (c.identical()) {
                    return new Step(Outcome.IDENTICAL, "", c.source());
                }
                if (!c.interruptedCopy()) {
                    return new Step(Outcome.CONFLICT, "the destination holds a different tape under this id ("
                            + c.reason() + "); both left unchanged: delete one of them to migrate it", null);
                }
                to.delete(id); // the remains of an interrupted migration: copy it again
            }
            TapeDigest.Result source = copy(id, header);
            TapeDigest.Result copy;
            try {
                copy = TapeDigest.of(to, id);
            } catch (TapeNotFoundException gone) {
                return new Step(Outcome.FAILED, "the copy disappeared from the destination as soon as it was "
                        + "written (does its retention policy delete it?); the source is kept", null);
            }
            if (!copy.equals(source)) {
                to.delete(id);
                String why = copy.frames() != source.frames()
                        ? "the copy has " + copy.frames() + " frames, the source " + source.frames()
                        : copy.correlations() != source.correlations()
                        ? "the copy has " + copy.correlations() + " correlations, the source " + source.correlations()
                        : "the copy's content hash differs (" + copy.sha256() + " vs " + source.sha256() + ")";
                return new Step(Outcome.FAILED, "verification failed, copy removed: " + why, null);
            }
            return new Step(Outcome.COPIED, "", source);
        } catch (TapeNotFoundException gone) {
            boolean inSource = from.exists(id);
            return new Step(Outcome.FAILED, "tape disappeared from the " + (inSource ? "destination" : "source")
                    + " during the migration", null);
        }
    }

    private TapeDigest.Result copy(TapeId id, TapeHeader header) {
        TapeDigest digest = new TapeDigest().header(header);
        TapeWriter writer = to.openWriter(header);
        boolean finished = false;
        try {
            try (Stream<Frame> frames = from.streamFrames(id)) {
                Iterator<Frame> it = frames.iterator();
                while (it.hasNext()) {
                    Frame f = it.next();
                    writer.append(f);
                    digest.frame(f);
                    progress();
                }
            }
            try (Stream<Correlation> correlations = from.streamCorrelations(id)) {
                correlations.forEachOrdered(c -> {
                    writer.append(c);
                    digest.correlation(c);
                });
            }
            writer.updateHeader(header);
            writer.finish(header.metadata().status());
            finished = true;
        } finally {
            if (!finished) {
                abandon(writer, id);
            }
        }
        return digest.result();
    }

    private void abandon(TapeWriter writer, TapeId id) {
        try {
            writer.finish(TapeStatus.ERROR);
        } catch (RuntimeException ignored) {
            // the writer is already broken; deleting below is what matters
        }
        try {
            to.delete(id);
        } catch (RuntimeException ignored) {
            // left behind as an error/recording tape: a later run recopies it
        }
    }

    private record Comparison(boolean identical, boolean interruptedCopy, String reason, TapeDigest.Result source) {
    }

    // Streams both tapes side by side: identical, a recording prefix of the source, or different (and how).
    private Comparison compare(TapeId id) {
        TapeHeader sourceHeader = from.header(id);
        TapeHeader destHeader = to.header(id);
        TapeDigest source = new TapeDigest().header(sourceHeader);
        TapeDigest dest = new TapeDigest().header(destHeader);
        boolean prefix = true;
        String reason = null;
        try (Stream<Frame> a = from.streamFrames(id); Stream<Frame> b = to.streamFrames(id)) {
            Iterator<Frame> src = a.iterator();
            Iterator<Frame> dst = b.iterator();
            while (src.hasNext()) {
                Frame f = src.next();
                source.frame(f);
                if (dst.hasNext()) {
                    Frame g = dst.next();
                    dest.frame(g);
                    if (prefix && !TapeDigest.sameFrame(f, g)) {
                        prefix = false;
                        reason = "frame " + f.seq() + " differs";
                    }
                }
                progress();
            }
            while (dst.hasNext()) {
                dest.frame(dst.next());
                prefix = false;
                reason = reason == null ? "the destination has more frames" : reason;
            }
        }
        try (Stream<Correlation> c = from.streamCorrelations(id)) {
            c.forEachOrdered(source::correlation);
        }
        try (Stream<Correlation> c = to.streamCorrelations(id)) {
            c.forEachOrdered(dest::correlation);
        }
        TapeDigest.Result s = source.result();
        TapeDigest.Result d = dest.result();
        if (s.equals(d)) {
            return new Comparison(true, false, "", s);
        }
        if (reason == null) {
            reason = s.frames() != d.frames() ? "the destination has " + d.frames() + " of " + s.frames() + " frames"
                    : "header or correlations differ";
        }
        boolean interrupted = prefix && destHeader.metadata().status() == TapeStatus.RECORDING;
        return new Comparison(false, interrupted, reason, s);
    }

    // The copy is verified against what was read; delete only if the source still holds exactly that.
    private boolean deleteVerifiedSource(TapeId id, TapeDigest.Result verified) {
        TapeHeader now = from.header(id);
        if (now.metadata().status() == TapeStatus.RECORDING) {
            return false;
        }
        if (!TapeDigest.of(from, id).equals(verified)) {
            return false;
        }
        return from.delete(id);
    }

    private void progress() {
        framesDone++;
        if (framesDone % PROGRESS_EVERY == 0) {
            listener.frames(framesDone);
        }
    }
}
