package io.shadowcat.redis;

import io.shadowcat.tape.TapeId;
import java.util.UUID;

/**
 * The keys of one store (see the README's layout): every key starts with the store's prefix, so stores with
 * different prefixes share a server without seeing each other.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** A string naming the layout version: its presence is what makes the store exist. */
    String marker() {
        return prefix + "storage";
    }

    /** Sorted set of every tape id, scored by creation time (epoch ms). */
    String tapes() {
        return prefix + "tapes";
    }

    /** Sorted set of the finished tapes that expire, scored by when (epoch ms); only with retention. */
    String expiry() {
        return prefix + "expiry";
    }

    /** Hash: {@code header} (the tape's meta JSON) and {@code bytes} (the size of its records). */
    String meta(TapeId id) {
        return prefix + "tape:" + id.value() + ":meta";
    }

    /** Stream: one entry per JSON Lines record of the tape, field {@code l}, in order. */
    String records(TapeId id) {
        return prefix + "tape:" + id.value() + ":records";
    }

    /** String: the live writer's token, expiring unless renewed. */
    String writer(TapeId id) {
        return prefix + "tape:" + id.value() + ":writer";
    }

    /** A fresh stream for a tape being saved, renamed over {@link #records} once complete. */
    String staging(TapeId id) {
        return prefix + "tape:" + id.value() + ":records:new-" + UUID.randomUUID();
    }
}
