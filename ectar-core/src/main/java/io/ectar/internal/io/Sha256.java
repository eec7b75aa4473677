package io.ectar.internal.io;

import io.ectar.codec.PayloadBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests and their lower-case hex form, the way the index stores them. */
public final class Sha256 {


    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] data, int offset, int length) {
        MessageDigest d = newDigest();
        d.update(data, offset, length);
        return hex(d);
    }

    public static String of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static String of(PayloadBytes data) {
        MessageDigest d = newDigest();
        data.forEachRun(d::update);
        return hex(d);
    }
}
