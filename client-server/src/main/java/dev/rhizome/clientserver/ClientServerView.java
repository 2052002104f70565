package dev.rhizome.clientserver;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A snapshot of the client-server overlay: the servers, a full mesh, and the server hosting each client.
 * Its graph has an edge between every two servers and one between each client and its server; so a
 * client's only arrow leads to its server, which is why every client-to-client route runs through one.
 *
 * <p>As a {@link Router} it composes routes: {@code x → host(x)}, then {@code host(x) → host(y)} when
 * the hosts differ, then {@code host(y) → y}, where the host of a server is itself. At most three hops.
 *
 * @param servers the servers up in this view
 * @param hostOf  each client's server, always one of {@code servers}
 */
public record ClientServerView(SortedSet<NodeId> servers, SortedMap<NodeId, NodeId> hostOf) implements Router {

    /** The longest route this topology hands out. */
    public static final int MAX_HOPS = 3;

    public ClientServerView {
        servers = Collections.unmodifiableSortedSet(new TreeSet<>(servers));
        hostOf = Collections.unmodifiableSortedMap(new TreeMap<>(hostOf));
        for (Map.Entry<NodeId, NodeId> entry : hostOf.entrySet()) {
            if (!servers.contains(entry.getValue()) || servers.contains(entry.getKey())) {
                throw new IllegalArgumentException(entry.getKey() + " is hosted by " + entry.getValue()
                        + ", which is not a server of " + servers + ", or is a server itself");
            }
        }
    }

    /** A view with no one in it. */
    public static ClientServerView empty() {
        return new ClientServerView(new TreeSet<>(), new TreeMap<>());
    }

    /** Every node: servers and clients. */
    public SortedSet<NodeId> nodes() {
        SortedSet<NodeId> nodes = new TreeSet<>(servers);
        nodes.addAll(hostOf.keySet());
        return nodes;
    }

    /** Whether {@code node} is a server of this view. */
    public boolean isServer(NodeId node) {
        return servers.contains(node);
    }

    /** The graph: a full mesh of servers, each client joined to its server. */
    public OverlayGraph graph() {
        OverlayGraph.Builder graph = OverlayGraph.builder();
        for (NodeId a : servers) {
            graph.node(a);
            for (NodeId b : servers) {
                if (a.compareTo(b) < 0) {
                    graph.edge(a, b);
                }
            }
        }
        hostOf.forEach(graph::edge);
        return graph.build();
    }

    @Override
    public Optional<Route> route(NodeId from, NodeId to, String channel) {
        Optional<NodeId> fromHost = host(from);
        Optional<NodeId> toHost = host(to);
        if (fromHost.isEmpty() || toHost.isEmpty()) {
            return Optional.empty();
        }
        if (from.equals(to)) {
            return Optional.of(Route.identity(from));
        }
        Route route = step(from, fromHost.get(), channel)
                .andThen(step(fromHost.get(), toHost.get(), channel))
                .andThen(step(toHost.get(), to, channel));
        return Optional.of(route);
    }

    private Optional<NodeId> host(NodeId node) {
        return servers.contains(node) ? Optional.of(node) : Optional.ofNullable(hostOf.get(node));
    }

    private static Route step(NodeId a, NodeId b, String channel) {
        return a.equals(b) ? Route.identity(a) : Route.of(new Hop(a, b, channel));
    }
}
