package io.shadowcat.storage;

/**
 * Whether a backend can serve requests now.
 *
 * @param detail what is wrong and what to do, or a short status line when healthy
 */
public record HealthStatus(boolean healthy, String detail) {

    public static HealthStatus ok(String detail) {
        return new HealthStatus(true, detail);
    }

    public static HealthStatus failing(String detail) {
        return new HealthStatus(false, detail);
    }
}
