package io.shadowcat.http.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The upstream MCP server's URL as given on the command line: where requests go (its scheme and
 * authority; the path and query are the client's), and how the tape shows it, with the userinfo and every
 * query value masked (a URL's query is where API keys hide under arbitrary names).
 */
public record UpstreamUrl(URI uri) {

    private static final String MASK = "[REDACTED]";

    public UpstreamUrl {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the upstream URL must start with http:// or https://, got '"
                    + masked(uri) + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the upstream URL '" + masked(uri) + "' names no host");
        }
    }

    /** Parses a URL given by the user; the message of a bad one never repeats its secrets. */
    public static UpstreamUrl parse(String text) {
        try {
            return new UpstreamUrl(new URI(text));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the upstream URL is not a valid URL: " + e.getReason(), e);
        }
    }

    /** {@code scheme://host:port}, where every request goes. */
    public String origin() {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().substring(
                uri.getRawUserInfo() == null ? 0 : uri.getRawUserInfo().length() + 1);
    }

    /** The path the client is pointed at ({@code /} when the URL has none). */
    public String path() {
        String p = uri.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** The URL's userinfo ({@code user:password}), decoded, or null. */
    public String userInfo() {
        return uri.getUserInfo();
    }

    /** The URL as the tape shows it: userinfo and query values masked. */
    public String masked() {
        return masked(uri);
    }

    private static String masked(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getRawUserInfo() != null) {
            out.append(MASK).append('@');
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        String query = uri.getRawQuery();
        if (query != null) {
            out.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                out.append(i == 0 ? "" : "&").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq) + "=" + MASK);
            }
        }
        return out.toString();
    }
}
