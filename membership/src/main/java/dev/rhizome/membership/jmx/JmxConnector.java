package dev.rhizome.membership.jmx;

import dev.rhizome.overlay.config.ConfigException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A remote JMX connector on one port, reachable from other machines.
 *
 * <p>The classic pitfall: JMX over RMI uses two ports (the registry and the server object) and the
 * server's stub advertises whatever host name the JVM guesses, often an address the client cannot
 * reach. This connector binds both the registry and the server object to the same port on the node's
 * host, and makes the stub advertise that host ({@code java.rmi.server.hostname}, set only if the
 * user has not set it). Clients connect with {@link #serviceUrl(String, int)}.
 */
public final class JmxConnector implements AutoCloseable {

    private final Registry registry;
    private final JMXConnectorServer server;
    private final JMXServiceURL url;

    private JmxConnector(Registry registry, JMXConnectorServer server, JMXServiceURL url) {
        this.registry = registry;
        this.server = server;
        this.url = url;
    }

    /** {@code service:jmx:rmi://host:port/jndi/rmi://host:port/jmxrmi}. */
    public static String serviceUrl(String host, int port) {
        return "service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi";
    }

    /**
     * Starts the connector for the platform MBean server.
     *
     * @throws ConfigException naming {@code jmx-port} when the port cannot be bound
     */
    public static JmxConnector start(String host, int port) {
        if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", host);
        }
        RMIServerSocketFactory sockets = new BoundServerSocketFactory(host);
        Registry registry;
        try {
            registry = LocateRegistry.createRegistry(port, null, sockets);
        } catch (IOException e) {
            throw new ConfigException("jmx-port", "cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); is the port already in use?", e);
        }
        try {
            Map<String, Object> environment = new HashMap<>();
            environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            JMXServiceURL url = new JMXServiceURL(serviceUrl(host, port));
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                    url, environment, ManagementFactory.getPlatformMBeanServer());
            server.start();
            return new JmxConnector(registry, server, url);
        } catch (IOException e) {
            unexport(registry);
            throw new ConfigException("jmx-port", "cannot start the JMX connector on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** The URL clients connect to. */
    public JMXServiceURL url() {
        return url;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException ignored) {
            // closing anyway
        }
        unexport(registry);
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException ignored) {
            // already unexported
        }
    }

    /**
     * Listens on the node's host only. Equal factories let RMI share one port between the registry
     * and the connector server.
     */
    private record BoundServerSocketFactory(String host) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
            return socket;
        }
    }
}
