package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable, undirected, simple overlay graph: the generating graph of a topology's path category.
 *
 * <p>Every configured channel runs over every edge (the runtime connects all channels to a peer), so an
 * edge stands for one parallel arrow per channel and a {@link Hop} on any channel along an edge is an
 * arrow of the graph. Nodes and neighbours are kept sorted, so every traversal is deterministic.
 */
public final class OverlayGraph {

    private static final OverlayGraph EMPTY = new OverlayGraph(new TreeMap<>());

    private final TreeMap<NodeId, SortedSet<NodeId>> adjacency;

    private OverlayGraph(TreeMap<NodeId, SortedSet<NodeId>> adjacency) {
        this.adjacency = adjacency;
    }

    /** The graph with no nodes. */
    public static OverlayGraph empty() {
        return EMPTY;
    }

    /** A builder for a new graph. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every node, sorted. */
    public SortedSet<NodeId> nodes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(adjacency.keySet()));
    }

    /** Whether {@code node} is in the graph. */
    public boolean contains(NodeId node) {
        return adjacency.containsKey(node);
    }

    /** The neighbours of {@code node}, sorted; empty if it is not in the graph. */
    public SortedSet<NodeId> neighbours(NodeId node) {
        SortedSet<NodeId> around = adjacency.get(node);
        return around == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(around);
    }

    /** Whether {@code a} and {@code b} are joined by an edge. */
    public boolean hasEdge(NodeId a, NodeId b) {
        SortedSet<NodeId> around = adjacency.get(a);
        return around != null && around.contains(b);
    }

    /** The number of edges. */
    public int edgeCount() {
        int ends = 0;
        for (SortedSet<NodeId> around : adjacency.values()) {
            ends += around.size();
        }
        return ends / 2;
    }

    /**
     * Whether {@code route} is a morphism of this graph's path category: its source is a node and each
     * hop is an edge. An identity is carried exactly when its node is in the graph.
     */
    public boolean carries(Route route) {
        if (!contains(route.source())) {
            return false;
        }
        for (Hop hop : route.hops()) {
            if (!hasEdge(hop.from(), hop.to())) {
                return false;
            }
        }
        return true;
    }

    /** Whether every node and edge of this graph is in {@code other} (an inclusion {@code this ⊆ other}). */
    public boolean isSubgraphOf(OverlayGraph other) {
        for (Map.Entry<NodeId, SortedSet<NodeId>> entry : adjacency.entrySet()) {
            if (!other.contains(entry.getKey())) {
                return false;
            }
            for (NodeId neighbour : entry.getValue()) {
                if (!other.hasEdge(entry.getKey(), neighbour)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The largest common subgraph: the nodes in both and the edges in both. */
    public OverlayGraph intersection(OverlayGraph other) {
        Builder common = builder();
        for (Map.Entry<NodeId, SortedSet<NodeId>> entry : adjacency.entrySet()) {
            if (other.contains(entry.getKey())) {
                common.node(entry.getKey());
                for (NodeId neighbour : entry.getValue()) {
                    if (other.hasEdge(entry.getKey(), neighbour)) {
                        common.edge(entry.getKey(), neighbour);
                    }
                }
            }
        }
        return common.build();
    }

    /** The subgraph induced by the nodes {@code keep} allows. */
    public OverlayGraph restrictedTo(java.util.function.Predicate<NodeId> keep) {
        Builder kept = builder();
        for (Map.Entry<NodeId, SortedSet<NodeId>> entry : adjacency.entrySet()) {
            if (keep.test(entry.getKey())) {
                kept.node(entry.getKey());
                for (NodeId neighbour : entry.getValue()) {
                    if (keep.test(neighbour)) {
                        kept.edge(entry.getKey(), neighbour);
                    }
                }
            }
        }
        return kept.build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OverlayGraph graph && adjacency.equals(graph.adjacency);
    }

    @Override
    public int hashCode() {
        return adjacency.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (Map.Entry<NodeId, SortedSet<NodeId>> entry : adjacency.entrySet()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(entry.getKey().name()).append(':');
            for (NodeId neighbour : entry.getValue()) {
                text.append(' ').append(neighbour.name());
            }
        }
        return text.append('}').toString();
    }

    /** Collects nodes and edges; adding an edge adds its ends. */
    public static final class Builder {
        private final TreeMap<NodeId, SortedSet<NodeId>> adjacency = new TreeMap<>();

        private Builder() {}

        /** Adds {@code node}, unconnected unless an edge says otherwise. */
        public Builder node(NodeId node) {
            adjacency.computeIfAbsent(Objects.requireNonNull(node, "node"), key -> new TreeSet<>());
            return this;
        }

        /** Adds the undirected edge {@code a — b}; a loop is refused, as a {@link Hop} cannot be one. */
        public Builder edge(NodeId a, NodeId b) {
            if (a.equals(b)) {
                throw new IllegalArgumentException("no loops: " + a);
            }
            node(a).node(b);
            adjacency.get(a).add(b);
            adjacency.get(b).add(a);
            return this;
        }

        /** Adds every node and edge of {@code graph}. */
        public Builder addAll(OverlayGraph graph) {
            for (Map.Entry<NodeId, SortedSet<NodeId>> entry : graph.adjacency.entrySet()) {
                node(entry.getKey());
                for (NodeId neighbour : entry.getValue()) {
                    edge(entry.getKey(), neighbour);
                }
            }
            return this;
        }

        /** The graph built so far. */
        public OverlayGraph build() {
            TreeMap<NodeId, SortedSet<NodeId>> copy = new TreeMap<>();
            adjacency.forEach((node, around) -> copy.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(around))));
            return new OverlayGraph(copy);
        }
    }
}
