package io.shadowcat.storage.layer;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How one namespace's tapes are told apart in a shared storage. A tape {@code ID} of namespace {@code NAME}
 * is stored as {@code ns<length of NAME>-NAME-ID} and carries a tag naming the namespace. The
 * length makes the mapping one to one (namespace {@code a} tape {@code b-x} and namespace {@code a-b} tape
 * {@code x} differ); the tag lets a provider filter a listing or search by namespace itself, so paging stays
 * exact. An id too long to fit beside the prefix (tape ids may be 128 characters) is stored as
 * {@code nh<length>-NAME-<SHA-256 of ID, 40 hex>} with the id itself in a second tag. Both tags are written in
 * Unicode private-use characters (U+F8F0 or U+F8F1, then each character c as U+E000 + c), because tags are
 * searchable text and no search term contains those. The tags are added on the way down and taken off on the
 * way up: users never see them.
 */
record Namespace(String name) {

    /** Longest namespace name: the hashed form, nh64-NAME-40 hex, stays within 128 characters. */
    static final int MAX_LENGTH = 64;
    // Tags are searchable text: written in private-use characters, which no search term contains, so that
    // searching a namespace for its own name (or "namespace") matches nothing extra.
    private static final char NS_MARK = '\uF8F0';
    private static final char ID_MARK = '\uF8F1';
    private static final char BASE = '\uE000';
    private static final String ID_TAG = String.valueOf(ID_MARK);

    String prefix() {
        return "ns" + name.length() + "-" + name + "-";
    }

    private String hashedPrefix() {
        return "nh" + name.length() + "-" + name + "-";
    }

    String tag() {
        return NS_MARK + hide(name);
    }

    private static String hide(String ascii) {
        StringBuilder b = new StringBuilder(ascii.length());
        ascii.chars().forEach(c -> b.append((char) (BASE + c)));
        return b.toString();
    }

    private static String reveal(String hidden) {
        StringBuilder b = new StringBuilder(hidden.length());
        hidden.chars().forEach(c -> b.append((char) (c - BASE)));
        return b.toString();
    }

    /** The stored id of the user's tape {@code id}. */
    TapeId stored(TapeId id) {
        String s = prefix() + id.value();
        return TapeId.of(s.length() <= 128 ? s : hashedPrefix() + sha(id.value()));
    }

    private boolean hashed(TapeId id) {
        return prefix().length() + id.value().length() > 128;
    }

    /** The user's id of a stored tape with these tags; empty when it is not of this namespace. */
    Optional<TapeId> user(TapeId stored, List<String> tags) {
        String v = stored.value();
        if (v.startsWith(prefix()) && v.length() > prefix().length()) {
            return Optional.of(TapeId.of(v.substring(prefix().length())));
        }
        if (v.startsWith(hashedPrefix())) {
            return tags.stream().filter(t -> t.startsWith(ID_TAG)).map(t -> reveal(t.substring(ID_TAG.length())))
                    .filter(TapeId::isValid).map(TapeId::of).filter(id -> stored(id).equals(stored)).findFirst();
        }
        return Optional.empty();
    }

    TapeHeader down(TapeHeader h) {
        List<String> tags = new ArrayList<>(withoutTags(h.metadata().tags()));
        tags.add(tag());
        if (hashed(h.id())) {
            tags.add(ID_TAG + hide(h.id().value()));
        }
        return new TapeHeader(stored(h.id()), h.sessionId(), h.createdAt(), h.protocolVersion(),
                h.metadata().withTags(tags));
    }

    TapeHeader up(TapeHeader h) {
        return new TapeHeader(user(h.id(), h.metadata().tags()).orElse(h.id()), h.sessionId(), h.createdAt(),
                h.protocolVersion(), h.metadata().withTags(withoutTags(h.metadata().tags())));
    }

    TapeSummary up(TapeSummary s) {
        return new TapeSummary(user(s.id(), s.tags()).orElse(s.id()), s.name(), s.sessionId(), s.createdAt(),
                s.status(), s.frameCount(), s.durationMs(), s.sizeBytes(), withoutTags(s.tags()));
    }

    /** Whether a stored id has this namespace's form (either of the two). */
    boolean mine(TapeId stored) {
        return stored.value().startsWith(prefix()) || stored.value().startsWith(hashedPrefix());
    }

    boolean owns(TapeSummary s) {
        return user(s.id(), s.tags()).isPresent();
    }

    private List<String> withoutTags(List<String> tags) {
        return tags.stream().filter(t -> !t.equals(tag()) && !t.startsWith(ID_TAG)).toList();
    }

    private static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
