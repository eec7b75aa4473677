package io.shadowcat.recorder;

import io.shadowcat.tape.EnvironmentInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Describes the machine a tape is recorded on, without network look-ups (a reverse DNS query could stall
 * the start of a session).
 */
public final class HostEnvironment {

    private HostEnvironment() {
    }

    /** Platform, host name and user of this process, with the given Shadowcat version. */
    public static EnvironmentInfo detect(String shadowcatVersion) {
        return new EnvironmentInfo(platform(), shadowcatVersion, hostname(), System.getProperty("user.name"));
    }

    private static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(' ', '-');
    }

    private static String hostname() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                // not on this platform: try the next source
            }
        }
        return null;
    }
}
