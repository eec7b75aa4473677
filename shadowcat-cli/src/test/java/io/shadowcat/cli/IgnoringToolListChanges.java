package io.shadowcat.cli;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that does not hand {@code notifications/tools/list_changed} to the client. The reference
 * server sends one right after initialization (it registers its task tool then, whatever the client
 * declares), and the SDK client answers every one with a {@code tools/list} of its own: that request lands
 * before or after the script's first ones depending on thread timing, so the tape's order of requests (which
 * a strict replay checks) would change from run to run. The notification itself is still recorded and
 * replayed; only this client ignores it.
 */
final class IgnoringToolListChanges extends ForwardingClientTransport {

    IgnoringToolListChanges(McpClientTransport transport) {
        super(transport);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return transport.connect(in -> handler.apply(in.filter(m -> !isToolListChange(m))));
    }

    private static boolean isToolListChange(McpSchema.JSONRPCMessage message) {
        return message instanceof McpSchema.JSONRPCNotification n
                && McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED.equals(n.method());
    }
}
