package io.shadowcat.storage.layer;

import java.net.InetAddress;

/**
 * Who is acting: {@code user@host}, the process id, and {@code SHADOWCAT_ACTOR} when set (a service account or
 * a ticket, as the operator's tooling passes it). Recorded with audit lines and legal holds.
 *
 * @param name the value of {@code SHADOWCAT_ACTOR}, or null
 */
record Actor(String user, long pid, String name) {

    static final String ENV = "SHADOWCAT_ACTOR";

    static Actor current() {
        String name = System.getenv(ENV);
        return new Actor(System.getProperty("user.name", "unknown") + "@" + host(), ProcessHandle.current().pid(),
                name == null || name.isBlank() ? null : name.strip());
    }

    /** How a person reads it: the actor name when set, else user@host. */
    String shown() {
        return name != null ? name + " (" + user + ")" : user;
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
