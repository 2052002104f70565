package dev.rhizome.examples;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Reads each node's view from its {@code EVENT MEMBERS} lines, for the demo on a topology whose views
 * are partial (HyParView): the overlay is "converged" when the views, taken together, connect every
 * node.
 */
final class PartialViews {

    private static final long POLL_MILLIS = 50;

    private PartialViews() {}

    /** The names in the node's latest {@code EVENT MEMBERS} line, itself included; empty before the first. */
    static Set<String> view(NodeProcess node) {
        List<String> lines = node.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (NodeProcess.isEvent(lines.get(i), "MEMBERS")) {
                return new TreeSet<>(List.of(NodeProcess.fields(lines.get(i))[2].split(",")));
            }
        }
        return new TreeSet<>();
    }

    /** Epoch millis of the node's latest {@code EVENT MEMBERS} line, or 0. */
    private static long viewTime(NodeProcess node) {
        List<String> lines = node.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (NodeProcess.isEvent(lines.get(i), "MEMBERS")) {
                return Long.parseLong(NodeProcess.fields(lines.get(i))[3]);
            }
        }
        return 0;
    }

    /**
     * Whether every node sees another, only nodes of {@code nodes}, each view is returned (symmetric),
     * and the views together connect them all.
     */
    static boolean connected(Collection<NodeProcess> nodes) {
        Set<String> names = nodes.stream().map(NodeProcess::name).collect(Collectors.toSet());
        Map<String, Set<String>> edges = new HashMap<>();
        for (NodeProcess node : nodes) {
            Set<String> view = view(node);
            view.remove(node.name());
            if (view.isEmpty() || !names.containsAll(view)) {
                return false;
            }
            edges.put(node.name(), view);
        }
        for (Map.Entry<String, Set<String>> entry : edges.entrySet()) {
            for (String peer : entry.getValue()) {
                if (!edges.get(peer).contains(entry.getKey())) {
                    return false;
                }
            }
        }
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> frontier = new ArrayDeque<>(List.of(names.iterator().next()));
        while (!frontier.isEmpty()) {
            String next = frontier.poll();
            if (seen.add(next)) {
                frontier.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen.equals(names);
    }

    /**
     * Waits, at most {@code timeout}, until {@link #connected}; returns when the last view that made
     * it so was reported (epoch millis).
     *
     * @throws IllegalStateException with every node's view, on timeout
     */
    static long awaitConnected(Collection<NodeProcess> nodes, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!connected(nodes)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the views did not connect every node within " + timeout.toSeconds()
                        + " s: " + nodes.stream().map(n -> n.name() + " sees " + view(n)).toList());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return nodes.stream().mapToLong(PartialViews::viewTime).max().orElse(0);
    }

    /** One line per node: when its view last changed, and who is in it. */
    static void print(PrintWriter out, Collection<NodeProcess> nodes, LongFunction<String> at) {
        for (NodeProcess node : nodes) {
            Set<String> neighbours = view(node);
            neighbours.remove(node.name());
            out.printf("%s %s's neighbours: %s%n", at.apply(viewTime(node)), node.name(), String.join(", ", neighbours));
        }
    }
}
