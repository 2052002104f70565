package dev.rhizome.membership.relay;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.ViewChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Paths this node learned rather than computed: the reverse of every relayed message's path (so a
 * reply takes the reverse route) and the answers of route searches. Kept per destination, the newest
 * wins, at most {@code capacity} of them, least recently used first out.
 *
 * <p>This node sees only the first edge of a learned path change. {@link #linkDown} restricts the
 * paths along that change, as a {@link ViewChange} of the graph the paths and this node's links make:
 * a path survives exactly when it lies in the stable part, i.e. does not use the lost edge. Thread-safe.
 */
public final class LearnedRoutes {

    private final NodeId self;
    private final Map<NodeId, List<NodeId>> paths;

    /** Learned paths from {@code self}, at most {@code capacity}. */
    public LearnedRoutes(NodeId self, int capacity) {
        this.self = self;
        this.paths = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, List<NodeId>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code path} (this node first, the destination last, at least two nodes, no node twice in a row). */
    public synchronized void remember(List<NodeId> path) {
        if (path.size() < 2 || !path.get(0).equals(self)) {
            throw new IllegalArgumentException("a learned path starts at " + self + " and has a hop: " + path);
        }
        toRoute(path, "check"); // every step joins two different nodes
        paths.put(path.get(path.size() - 1), List.copyOf(path));
    }

    /** The learned route to {@code to}, every hop on {@code channel}. */
    public synchronized Optional<Route> route(NodeId to, String channel) {
        List<NodeId> path = paths.get(to);
        return path == null ? Optional.empty() : Optional.of(toRoute(path, channel));
    }

    /**
     * The link {@code self — peer} went down: drops every path not lying in the stable part of that
     * change.
     *
     * @return how many paths were dropped
     */
    public synchronized int linkDown(NodeId peer) {
        OverlayGraph before = graph(null);
        OverlayGraph after = graph(peer);
        ViewChange change = ViewChange.between(before, after);
        int size = paths.size();
        paths.values().removeIf(path -> !change.survives(toRoute(path, "any")));
        return size - paths.size();
    }

    /** Forgets {@code to}'s path. */
    public synchronized void forget(NodeId to) {
        paths.remove(to);
    }

    /** How many paths are held. */
    public synchronized int size() {
        return paths.size();
    }

    /** The graph of every learned path, without the edge {@code self — lost} if given. */
    private OverlayGraph graph(NodeId lost) {
        OverlayGraph.Builder graph = OverlayGraph.builder().node(self);
        for (List<NodeId> path : paths.values()) {
            for (int i = 0; i + 1 < path.size(); i++) {
                NodeId a = path.get(i);
                NodeId b = path.get(i + 1);
                boolean isLost = lost != null && (a.equals(self) && b.equals(lost) || b.equals(self) && a.equals(lost));
                if (isLost) {
                    graph.node(a).node(b);
                } else {
                    graph.edge(a, b);
                }
            }
        }
        return graph.build();
    }

    static Route toRoute(List<NodeId> path, String channel) {
        List<Hop> hops = new ArrayList<>(path.size() - 1);
        for (int i = 0; i + 1 < path.size(); i++) {
            hops.add(new Hop(path.get(i), path.get(i + 1), channel));
        }
        return Route.of(hops);
    }
}
