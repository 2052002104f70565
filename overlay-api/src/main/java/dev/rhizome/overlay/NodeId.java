package dev.rhizome.overlay;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of one running node: its name, the address it listens on, and an incarnation that
 * changes every time a node with that name starts.
 *
 * <p>Two {@code NodeId}s are equal only when all four parts are; a node restarted under the same name
 * is a different {@code NodeId} with a larger incarnation. Ordering is by name, then incarnation, so
 * the newest incarnation of a name sorts last.
 *
 * @param name        the node's name, unique in the cluster; letters, digits, {@code . _ -}
 * @param host        the host other nodes dial
 * @param port        the TCP port other nodes dial
 * @param incarnation a number that grows with each start of a node with this name
 */
public record NodeId(String name, String host, int port, long incarnation) implements Comparable<NodeId> {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Comparator<NodeId> ORDER = Comparator.comparing(NodeId::name)
            .thenComparingLong(NodeId::incarnation)
            .thenComparing(NodeId::host)
            .thenComparingInt(NodeId::port);

    public NodeId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("node name '" + name
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /** Whether {@code name} is usable as a node or channel name (also safe inside a JMX ObjectName). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The address to dial this node at. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** Whether {@code other} is the same name, possibly another incarnation. */
    public boolean sameName(NodeId other) {
        return other != null && name.equals(other.name);
    }

    @Override
    public int compareTo(NodeId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port + "#" + incarnation;
    }
}
