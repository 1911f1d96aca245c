import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local bound to 127.0.0.1 only. Its own entry point (ServerRunner.main) builds Jetty with
 * `new Server(port)`, which listens on every interface, and offers no option or system property for the
 * host; so this launcher builds the same server from the same command-line arguments, sets the host on its
 * connector before starting it, and refuses to keep running if the socket is bound anywhere but loopback.
 * It never configures DynamoDB Local's telemetry (ServerRunner.main does that), so nothing is sent.
 * Requests naming any other host are refused (421), so that a web page cannot reach it through DNS
 * rebinding (its name resolving to 127.0.0.1 makes the request same-origin, and CORS never applies).
 */
public final class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is a private field with no accessor; if a future DynamoDB Local renames it, this
    // throws and nothing starts, rather than starting on every interface.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) fail("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector serverConnector)) {
        fail("unexpected connector " + connector.getClass().getName());
        return;
      }
      serverConnector.setHost(HOST);
    }
    server.setHandler(new LoopbackHostOnly(server.getHandler()));
    proxy.start();
    for (Connector connector : server.getConnectors()) {
      Object transport = ((ServerConnector) connector).getTransport();
      if (!(transport instanceof ServerSocketChannel channel)
          || !(channel.getLocalAddress() instanceof InetSocketAddress address)
          || !address.getAddress().isLoopbackAddress()) {
        proxy.stop();
        fail("DynamoDB Local is not bound to loopback only");
        return;
      }
      System.out.println("DynamoDB Local listening on " + address);
    }
    proxy.join();
  }

  private static final class LoopbackHostOnly extends Handler.Wrapper {
    LoopbackHostOnly(Handler handler) {
      super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String host = request.getHttpURI().getHost();
      if (!HOST.equals(host) && !"localhost".equalsIgnoreCase(host)) {
        Response.writeError(request, response, callback, 421, "DynamoDB Local answers only to 127.0.0.1");
        return true;
      }
      return super.handle(request, response, callback);
    }
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(1);
  }
}
