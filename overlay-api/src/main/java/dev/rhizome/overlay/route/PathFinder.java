package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shortest routes by breadth-first search: the hom-sets of the path category enriched in
 * {@code (min, +)} with every edge costing one hop.
 *
 * <p>Neighbours are visited in sorted order, so among equally short routes the same one is always
 * chosen, on every node that holds the same graph.
 */
public final class PathFinder {

    private PathFinder() {}

    /**
     * The shortest route from {@code from} to {@code to} in {@code graph} on {@code channel}, of at most
     * {@code maxHops} hops.
     *
     * @return the identity when {@code from} equals {@code to} and is in the graph; empty when either end
     *         is missing, {@code to} cannot be reached, or only by more than {@code maxHops} hops
     */
    public static Optional<Route> shortest(OverlayGraph graph, NodeId from, NodeId to, String channel, int maxHops) {
        if (!graph.contains(from) || !graph.contains(to)) {
            return Optional.empty();
        }
        if (from.equals(to)) {
            return Optional.of(Route.identity(from));
        }
        Map<NodeId, NodeId> parent = new HashMap<>();
        Map<NodeId, Integer> depth = new HashMap<>();
        ArrayDeque<NodeId> frontier = new ArrayDeque<>();
        depth.put(from, 0);
        frontier.add(from);
        while (!frontier.isEmpty()) {
            NodeId node = frontier.poll();
            int d = depth.get(node);
            if (d >= maxHops) {
                continue;
            }
            for (NodeId next : graph.neighbours(node)) {
                if (depth.containsKey(next)) {
                    continue;
                }
                depth.put(next, d + 1);
                parent.put(next, node);
                if (next.equals(to)) {
                    return Optional.of(unwind(parent, from, to, channel));
                }
                frontier.add(next);
            }
        }
        return Optional.empty();
    }

    /** The hop distance of every node reachable from {@code from}, {@code from} itself at 0. */
    public static Map<NodeId, Integer> distances(OverlayGraph graph, NodeId from) {
        Map<NodeId, Integer> depth = new HashMap<>();
        if (!graph.contains(from)) {
            return depth;
        }
        ArrayDeque<NodeId> frontier = new ArrayDeque<>();
        depth.put(from, 0);
        frontier.add(from);
        while (!frontier.isEmpty()) {
            NodeId node = frontier.poll();
            for (NodeId next : graph.neighbours(node)) {
                if (depth.putIfAbsent(next, depth.get(node) + 1) == null) {
                    frontier.add(next);
                }
            }
        }
        return depth;
    }

    private static Route unwind(Map<NodeId, NodeId> parent, NodeId from, NodeId to, String channel) {
        List<Hop> hops = new ArrayList<>();
        for (NodeId node = to; !node.equals(from); node = parent.get(node)) {
            hops.add(new Hop(parent.get(node), node, channel));
        }
        Collections.reverse(hops);
        return Route.of(hops);
    }
}
