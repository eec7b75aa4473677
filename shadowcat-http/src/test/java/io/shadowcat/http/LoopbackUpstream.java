package io.shadowcat.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A plain-HTTP Jetty server on a random loopback port, standing in for the MCP server the proxy records. */
record LoopbackUpstream(Server server, int port) implements AutoCloseable {

    static LoopbackUpstream start(Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return new LoopbackUpstream(server, connector.getLocalPort());
    }

    /** The upstream URL the recorder is given: {@code http://127.0.0.1:PORT/mcp}. */
    String mcpUrl() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
