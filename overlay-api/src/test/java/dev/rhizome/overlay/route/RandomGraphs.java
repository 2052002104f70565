package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random overlay graphs and random membership changes, drawn from a seed so a failure replays. */
final class RandomGraphs {

    private RandomGraphs() {}

    static NodeId node(int i) {
        return new NodeId("n" + i, "10.0.0." + (i % 250), 7000 + i / 250, 1);
    }

    /** A graph on {@code n0..n(size-1)} with each edge present with probability {@code density}. */
    static OverlayGraph graph(SplittableRandom random, int size, double density) {
        OverlayGraph.Builder graph = OverlayGraph.builder();
        for (int i = 0; i < size; i++) {
            graph.node(node(i));
            for (int j = 0; j < i; j++) {
                if (random.nextDouble() < density) {
                    graph.edge(node(i), node(j));
                }
            }
        }
        return graph.build();
    }

    /**
     * A random change of {@code before}: some nodes leave (with their edges), some edges drop, some
     * nodes join (numbered after the old ones), some edges appear.
     */
    static OverlayGraph change(SplittableRandom random, OverlayGraph before) {
        List<NodeId> kept = new ArrayList<>();
        OverlayGraph.Builder after = OverlayGraph.builder();
        for (NodeId node : before.nodes()) {
            if (random.nextDouble() >= 0.15) {
                kept.add(node);
                after.node(node);
            }
        }
        for (NodeId a : kept) {
            for (NodeId b : before.neighbours(a)) {
                if (a.compareTo(b) < 0 && kept.contains(b) && random.nextDouble() >= 0.15) {
                    after.edge(a, b);
                }
            }
        }
        int joiners = random.nextInt(3);
        for (int i = 0; i < joiners; i++) {
            NodeId fresh = node(1000 + before.nodes().size() + i);
            kept.add(fresh);
            after.node(fresh);
        }
        for (int i = 0; i < kept.size() / 2 && kept.size() > 1; i++) {
            NodeId a = kept.get(random.nextInt(kept.size()));
            NodeId b = kept.get(random.nextInt(kept.size()));
            if (!a.equals(b)) {
                after.edge(a, b);
            }
        }
        return after.build();
    }

    /** Hop distances by Floyd–Warshall, independent of the breadth-first search under test. */
    static int[][] distances(OverlayGraph graph, List<NodeId> nodes) {
        int n = nodes.size();
        int inf = Integer.MAX_VALUE / 4;
        int[][] d = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = i == j ? 0 : graph.hasEdge(nodes.get(i), nodes.get(j)) ? 1 : inf;
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
                }
            }
        }
        return d;
    }
}
