package io.shadowcat.tape;

import java.util.List;

/** How the recorded session was carried, e.g. stdio with the server's command line and pid. */
public record TransportInfo(String type, String command, List<String> args, Long processId) {

    public TransportInfo {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public static TransportInfo stdio(String command, List<String> args, Long processId) {
        return new TransportInfo("stdio", command, args, processId);
    }
}
