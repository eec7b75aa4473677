package io.shadowcat.http.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The headers a proxy does not pass on (RFC 9110 section 7.6.1): those of one connection, plus any the
 * {@code Connection} header names. {@code Host} and {@code Content-Length} of a request are set by the
 * HTTP client for the upstream connection; everything else is relayed as it came.
 */
final class HopByHop {

    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "expect");

    private final Set<String> names;

    private HopByHop(Set<String> names) {
        this.names = names;
    }

    /** The hop-by-hop headers of a message with the given headers. */
    static HopByHop of(HttpFields fields) {
        Set<String> names = new HashSet<>(ALWAYS);
        for (HttpField f : fields) {
            if (f.getHeader() == HttpHeader.CONNECTION) {
                for (String token : f.getValue().split(",")) {
                    names.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new HopByHop(names);
    }

    /** True when the header is relayed. */
    boolean relays(HttpField field) {
        return !names.contains(field.getLowerCaseName());
    }
}
