package io.shadowcat.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code HOST:PORT} to listen on ({@code [::1]:8080} for IPv6; port 0 picks a free one). */
final class ListenAddress {

    /** Where the HTTP commands listen unless told otherwise: loopback, a free port. */
    static final InetSocketAddress DEFAULT = InetSocketAddress.createUnresolved("127.0.0.1", 0);

    private ListenAddress() {
    }

    static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT such as 127.0.0.1:8080, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port in '" + value + "' must be a number from 0 to 65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Parses {@code --listen}. */
    static final class Converter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
