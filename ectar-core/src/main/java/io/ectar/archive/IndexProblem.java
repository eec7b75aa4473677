package io.ectar.archive;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong with an archive's index file ({@code BASE.index.zst}) or its shards ({@code BASE.index.sMM}):
 * its {@link Kind}, which decisions are made from, and the line shown to the user, which only says it.
 *
 * @param kind    what is wrong
 * @param message one line for the user, naming the file or shards
 */
public record IndexProblem(Kind kind, String message) {

    /** What is wrong. */
    public enum Kind {
        /** The index file is not there. */
        FILE_MISSING(false),
        /** The index file is there but cannot be read or parsed. */
        FILE_DAMAGED(true),
        /** Some or all index shards are not there. */
        SHARDS_MISSING(false),
        /** Index shards are there but wrong (size or content). */
        SHARDS_DAMAGED(true),
        /** The index shards that are there do not decode to an index (too few, or all damaged). */
        SHARDS_UNDECODABLE(false);

        private final boolean damage;

        Kind(boolean damage) {
            this.damage = damage;
        }

        /**
         * Whether this is damage to bytes that are there, as opposed to files that are absent (which is also
         * how an archive written with {@code --no-index} looks).
         */
        public boolean isDamage() {
            return damage;
        }
    }

    public IndexProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The user's lines for {@code problems}, in order. */
    public static List<String> messages(List<IndexProblem> problems) {
        return problems.stream().map(IndexProblem::message).toList();
    }

    @Override
    public String toString() {
        return message;
    }
}
