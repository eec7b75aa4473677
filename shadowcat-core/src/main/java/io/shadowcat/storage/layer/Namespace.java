package io.shadowcat.storage.layer;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one namespace's tapes are told apart in a shared storage. A tape {@code ID} of namespace {@code NAME}
 * is stored as {@code ns<length of NAME>-NAME-ID} and carries the tag {@code shadowcat-namespace=NAME}. The
 * length makes the mapping one to one (namespace {@code a} tape {@code b-x} and namespace {@code a-b} tape
 * {@code x} differ), the tag lets a provider filter a listing or search by namespace itself, so paging
 * stays exact. The tag is added on the way down and taken off on the way up: users never see it.
 */
record Namespace(String name) {

    /** Longest namespace name: leaves 128 - 70 = 58 characters at least for a tape id. */
    static final int MAX_LENGTH = 64;

    String prefix() {
        return "ns" + name.length() + "-" + name + "-";
    }

    String tag() {
        return "shadowcat-namespace=" + name;
    }

    /** The stored id of the user's tape {@code id}. */
    TapeId stored(TapeId id) {
        String s = prefix() + id.value();
        if (s.length() > 128) {
            throw new IllegalArgumentException("tape id '" + id + "' is too long for namespace " + name
                    + ": at most " + (128 - prefix().length()) + " characters there");
        }
        return TapeId.of(s);
    }

    /** The user's id of a stored one; empty when it is not of this namespace. */
    Optional<TapeId> user(TapeId stored) {
        String p = prefix();
        return stored.value().startsWith(p) && stored.value().length() > p.length()
                ? Optional.of(TapeId.of(stored.value().substring(p.length()))) : Optional.empty();
    }

    TapeHeader down(TapeHeader h) {
        List<String> tags = new ArrayList<>(h.metadata().tags());
        tags.remove(tag());
        tags.add(tag());
        return new TapeHeader(stored(h.id()), h.sessionId(), h.createdAt(), h.protocolVersion(),
                h.metadata().withTags(tags));
    }

    TapeHeader up(TapeHeader h) {
        return new TapeHeader(user(h.id()).orElse(h.id()), h.sessionId(), h.createdAt(), h.protocolVersion(),
                h.metadata().withTags(withoutTag(h.metadata().tags())));
    }

    TapeSummary up(TapeSummary s) {
        return new TapeSummary(user(s.id()).orElse(s.id()), s.name(), s.sessionId(), s.createdAt(), s.status(),
                s.frameCount(), s.durationMs(), s.sizeBytes(), withoutTag(s.tags()));
    }

    private List<String> withoutTag(List<String> tags) {
        return tags.stream().filter(t -> !t.equals(tag())).toList();
    }
}
