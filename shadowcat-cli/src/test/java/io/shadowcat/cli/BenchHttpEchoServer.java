package io.shadowcat.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The cheapest JSON-RPC server over HTTP we can write, for {@link HttpRecordBench}: answers each POSTed
 * request with {@code {"jsonrpc":"2.0","id":ID,"result":{"ok":true}}} as {@code application/json}, so that what
 * is measured is the proxy, not the server. Prints its port on stdout, then serves until killed.
 */
public final class BenchHttpEchoServer {

    private BenchHttpEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String line = Content.Source.asString(request, StandardCharsets.UTF_8);
                int at = line.indexOf("\"id\":");
                if (at < 0) {
                    response.setStatus(202);
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
                int end = at + 5;
                while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '}') {
                    end++;
                }
                byte[] answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + line.substring(at + 5, end) + ",\"result\":{\"ok\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        server.start();
        System.out.println(connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
