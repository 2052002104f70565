package dev.rhizome.hyparview.sim;

import dev.rhizome.hyparview.HyParViewProtocol;
import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.hyparview.HyParViewTopology;
import dev.rhizome.membership.relay.RouteFound;
import dev.rhizome.membership.relay.RouteProbe;
import dev.rhizome.membership.relay.RouteSearch;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.PathFinder;
import dev.rhizome.simulator.LatencyModel;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Route stretch on HyParView: builds an overlay in the simulator with the real protocol (join through
 * one contact, then shuffle cycles, as in the paper's experiment), then, for random pairs of nodes that
 * are not neighbours, runs the runtime's route search ({@link RouteSearch}, the same class) over the
 * active views and compares the hops of the route it finds with the true shortest path in the
 * active-view graph. Link latencies are either all equal or drawn once per link from
 * {@code [1, maxLatencyMs]}, seeded; the first probe to arrive wins, so with equal latencies the search
 * is a breadth-first search and the stretch is exactly 1. Test scope: it needs the membership module.
 */
final class RouteStretch {

    /** The outcome of one measurement. */
    record Result(int nodes, int pairs, int found, double meanHops, double meanShortest, double meanStretch,
                  double maxStretch, double exactlyShortest, int[] extraHops, double meanProbes,
                  double meanFoundMillis, long elapsedMillis) {

        String describe() {
            StringBuilder extra = new StringBuilder();
            for (int i = 0; i < extraHops.length; i++) {
                if (extraHops[i] > 0) {
                    extra.append(extra.length() == 0 ? "" : ", ").append('+').append(i).append(": ").append(extraHops[i]);
                }
            }
            return String.format(Locale.ROOT, "nodes %d, pairs %d, found %d, mean hops %.3f, mean shortest %.3f, "
                    + "mean stretch %.4f, max stretch %.3f, exactly shortest %.1f%%, extra hops {%s}, "
                    + "probes per search %.0f (%.2f per node), time to route %.1f ms, elapsed %d ms",
                    nodes, pairs, found, meanHops, meanShortest, meanStretch, maxStretch, 100 * exactlyShortest,
                    extra, meanProbes, meanProbes / nodes, meanFoundMillis, elapsedMillis);
        }
    }

    private static final long CYCLE_MS = 1_000;
    private static final long SETTLE_LIMIT_MS = 600_000;

    private final long seed;
    private final Map<NodeId, List<NodeId>> views = new HashMap<>();
    private final List<NodeId> ids = new ArrayList<>();
    private final dev.rhizome.overlay.route.OverlayGraph graph;

    /** Builds an overlay of {@code nodes} HyParView nodes (paper settings) and lets it settle for {@code cycles} shuffles. */
    RouteStretch(int nodes, int cycles, long seed) {
        this.seed = seed;
        Map<String, String> settings = new HashMap<>();
        settings.put(HyParViewSettings.SHUFFLE_INTERVAL, "0");
        Simulation sim = new Simulation(seed, NetworkConditions.defaults().withLatency(LatencyModel.constant(2)),
                new HyParViewTopology(), settings);
        SplittableRandom random = new SplittableRandom(seed);
        NodeId contact = sim.start("n0");
        ids.add(contact);
        for (int i = 1; i < nodes; i++) {
            NodeId node = sim.start("n" + i);
            ids.add(node);
            sim.join(node, contact);
            settle(sim);
        }
        for (int cycle = 0; cycle < cycles; cycle++) {
            long start = sim.now();
            for (NodeId id : ids) {
                sim.invokeAt(start + random.nextLong(CYCLE_MS), id, HyParViewProtocol.class, p -> p.shuffle(sim.now()));
            }
            sim.runFor(CYCLE_MS);
            settle(sim);
        }
        dev.rhizome.overlay.route.OverlayGraph.Builder builder = dev.rhizome.overlay.route.OverlayGraph.builder();
        for (NodeId id : ids) {
            List<NodeId> view = List.copyOf(sim.protocol(id, HyParViewProtocol.class).activeView());
            views.put(id, view);
            builder.node(id);
            view.forEach(peer -> builder.edge(id, peer));
        }
        this.graph = builder.build();
    }

    private void settle(Simulation sim) {
        if (!sim.runUntilQuiet(SETTLE_LIMIT_MS)) {
            throw new IllegalStateException("seed " + seed + ": the overlay did not settle");
        }
    }

    /**
     * Searches routes between {@code pairs} random non-adjacent pairs.
     *
     * @param maxLatencyMs 0 for equal latencies, else each link's latency is drawn from {@code [1, maxLatencyMs]}
     * @param ttl          the search's hop limit (the runtime's {@code route-ttl})
     */
    Result measure(int pairs, int maxLatencyMs, int ttl) {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L ^ maxLatencyMs);
        int found = 0;
        double hops = 0;
        double shortest = 0;
        double stretch = 0;
        double maxStretch = 0;
        int exact = 0;
        int[] extra = new int[ttl + 1];
        long probes = 0;
        double foundMillis = 0;
        for (int pair = 0; pair < pairs; pair++) {
            NodeId from = ids.get(random.nextInt(ids.size()));
            NodeId to = ids.get(random.nextInt(ids.size()));
            for (int attempt = 0; attempt < 1_000 && (to.equals(from) || views.get(from).contains(to)); attempt++) {
                to = ids.get(random.nextInt(ids.size()));
            }
            Search search = new Search(maxLatencyMs, ttl);
            Optional<List<NodeId>> path = search.run(from, to);
            probes += search.probes;
            if (path.isEmpty()) {
                continue;
            }
            found++;
            int length = path.get().size() - 1;
            int best = PathFinder.distances(graph, from).get(to);
            hops += length;
            shortest += best;
            double ratio = (double) length / best;
            stretch += ratio;
            maxStretch = Math.max(maxStretch, ratio);
            exact += length == best ? 1 : 0;
            extra[Math.min(length - best, ttl)]++;
            foundMillis += search.foundAt;
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new Result(ids.size(), pairs, found, hops / found, shortest / found, stretch / found, maxStretch,
                (double) exact / found, extra, (double) probes / pairs, foundMillis / found, elapsed);
    }

    /** One route search, every node running its own {@link RouteSearch}, in virtual time. */
    private final class Search {
        private final int maxLatencyMs;
        private final int ttl;
        private final Map<NodeId, RouteSearch> nodes = new HashMap<>();
        private final PriorityQueue<Event> queue = new PriorityQueue<>();
        private long sequence;
        long probes;
        long foundAt;

        Search(int maxLatencyMs, int ttl) {
            this.maxLatencyMs = maxLatencyMs;
            this.ttl = ttl;
        }

        private RouteSearch at(NodeId node) {
            return nodes.computeIfAbsent(node, n -> new RouteSearch(n, ttl, 16));
        }

        Optional<List<NodeId>> run(NodeId from, NodeId to) {
            RouteSearch.Started started = at(from).start(to, views.get(from));
            send(0, from, started.sends());
            for (int steps = 0; !queue.isEmpty() && steps < 10_000_000; steps++) {
                Event event = queue.poll();
                RouteSearch.Step step = switch (event.frame) {
                    case RouteProbe probe -> at(event.to).onProbe(event.from, probe, views.get(event.to));
                    case RouteFound answer -> at(event.to).onFound(event.from, answer);
                    default -> throw new IllegalStateException("seed " + seed + ": unexpected " + event.frame);
                };
                if (step.found().isPresent()) {
                    foundAt = event.at;
                    return Optional.of(step.found().get().path());
                }
                send(event.at, event.to, step.sends());
            }
            return Optional.empty();
        }

        private void send(long now, NodeId from, List<RouteSearch.Send> sends) {
            for (RouteSearch.Send send : sends) {
                if (send.frame() instanceof RouteProbe) {
                    probes++;
                }
                queue.add(new Event(now + latency(from, send.to()), sequence++, from, send.to(), send.frame()));
            }
        }

        /** A link's latency, the same both ways and for every search. */
        private long latency(NodeId a, NodeId b) {
            if (maxLatencyMs == 0) {
                return 2;
            }
            long x = Math.min(a.hashCode(), b.hashCode()) * 31L + Math.max(a.hashCode(), b.hashCode());
            long mixed = new SplittableRandom(seed ^ x).nextLong();
            return 1 + Math.floorMod(mixed, maxLatencyMs);
        }
    }

    private record Event(long at, long sequence, NodeId from, NodeId to, Object frame) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            return at != other.at ? Long.compare(at, other.at) : Long.compare(sequence, other.sequence);
        }
    }
}
