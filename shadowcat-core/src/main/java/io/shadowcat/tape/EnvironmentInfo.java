package io.shadowcat.tape;

/** Where a tape was recorded. Every field may be null. */
public record EnvironmentInfo(String platform, String shadowcatVersion, String hostname, String user) {

    public static final EnvironmentInfo UNKNOWN = new EnvironmentInfo(null, null, null, null);
}
