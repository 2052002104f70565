package dev.rhizome.membership.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.PathFinder;
import dev.rhizome.overlay.wire.WireNode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The route search on random connected graphs, every link equally fast (frames delivered in the order
 * sent): it finds a route exactly when the target is within the TTL, the route is a path of the graph
 * from the origin to the target, and it is a shortest one; each node forwards a probe at most once.
 */
class RouteSearchPropertiesTest {

    private static NodeId node(int i) {
        return new NodeId("n" + i, "127.0.0.1", 7000 + i, 1);
    }

    /** A random connected graph: a random spanning tree plus extra random edges. */
    private static OverlayGraph graph(long seed, int size, int extra) {
        Random random = new Random(seed);
        OverlayGraph.Builder builder = OverlayGraph.builder().node(node(0));
        for (int i = 1; i < size; i++) {
            builder.edge(node(i), node(random.nextInt(i)));
        }
        for (int e = 0; e < extra; e++) {
            int a = random.nextInt(size);
            int b = random.nextInt(size);
            if (a != b) {
                builder.edge(node(a), node(b));
            }
        }
        return builder.build();
    }

    /** Runs one search to completion; frames are delivered first in, first out. */
    private static final class Network {
        final OverlayGraph graph;
        final Map<NodeId, RouteSearch> nodes = new HashMap<>();
        final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        final Map<NodeId, Integer> probesSentBy = new HashMap<>();
        final int ttl;

        Network(OverlayGraph graph, int ttl) {
            this.graph = graph;
            this.ttl = ttl;
        }

        RouteSearch at(NodeId node) {
            return nodes.computeIfAbsent(node, n -> new RouteSearch(n, ttl, 64));
        }

        Optional<List<NodeId>> search(NodeId from, NodeId to) {
            send(from, at(from).start(to, graph.neighbours(from)).sends());
            for (int steps = 0; !queue.isEmpty() && steps < 1_000_000; steps++) {
                Object[] event = queue.poll();
                NodeId sender = (NodeId) event[0];
                NodeId receiver = (NodeId) event[1];
                RouteSearch.Step step = event[2] instanceof RouteProbe probe
                        ? at(receiver).onProbe(sender, probe, graph.neighbours(receiver))
                        : at(receiver).onFound(sender, (RouteFound) event[2]);
                if (step.found().isPresent()) {
                    return Optional.of(step.found().get().path());
                }
                send(receiver, step.sends());
            }
            return Optional.empty();
        }

        private void send(NodeId from, List<RouteSearch.Send> sends) {
            for (RouteSearch.Send send : sends) {
                assertTrue(graph.hasEdge(from, send.to()), from + " sent to non-neighbour " + send.to());
                if (send.frame() instanceof RouteProbe) {
                    probesSentBy.merge(from, 1, Integer::sum);
                }
                queue.add(new Object[] {from, send.to(), send.frame()});
            }
        }
    }

    @Property(tries = 200)
    void findsAShortestPathExactlyWhenTheTargetIsWithinTheTtl(@ForAll long seed, @ForAll @IntRange(min = 2, max = 40) int size,
            @ForAll @IntRange(min = 0, max = 60) int extra, @ForAll @IntRange(min = 1, max = 8) int ttl) {
        OverlayGraph graph = graph(seed, size, extra);
        Random random = new Random(seed ^ 1);
        NodeId from = node(random.nextInt(size));
        NodeId to = node(random.nextInt(size));
        if (from.equals(to)) {
            return;
        }
        int distance = PathFinder.distances(graph, from).get(to);
        Network network = new Network(graph, ttl);
        Optional<List<NodeId>> path = network.search(from, to);
        String context = "seed " + seed + ", graph " + graph;
        assertEquals(distance <= ttl, path.isPresent(), "distance " + distance + ", ttl " + ttl + ", " + context);
        if (path.isPresent()) {
            List<NodeId> nodes = path.get();
            assertEquals(from, nodes.get(0), context);
            assertEquals(to, nodes.get(nodes.size() - 1), context);
            for (int i = 0; i + 1 < nodes.size(); i++) {
                assertTrue(graph.hasEdge(nodes.get(i), nodes.get(i + 1)), context);
            }
            assertEquals(distance, nodes.size() - 1, "a shortest path, " + context);
        }
        for (Map.Entry<NodeId, Integer> sent : network.probesSentBy.entrySet()) {
            assertTrue(sent.getValue() <= graph.neighbours(sent.getKey()).size(), "one probe per link at most, " + context);
        }
    }

    @Test
    void aDuplicateProbeALateAnswerAndAnExpiredSearchAreIgnored() {
        NodeId a = node(1);
        NodeId b = node(2);
        NodeId c = node(3);
        RouteSearch atB = new RouteSearch(b, 4, 16);
        RouteProbe probe = new RouteProbe(1, WireNode.of(c), List.of(WireNode.of(a)), 3);
        assertEquals(1, atB.onProbe(a, probe, List.of(a, c)).sends().size(), "the target is a neighbour: only to it");
        assertTrue(atB.onProbe(a, probe, List.of(a, c)).sends().isEmpty(), "a second copy is dropped");

        RouteSearch atA = new RouteSearch(a, 4, 16);
        RouteSearch.Started started = atA.start(c, List.of(b));
        RouteFound answer = new RouteFound(started.id(), List.of(WireNode.of(a), WireNode.of(b), WireNode.of(c)), 0);
        assertEquals(Optional.of(c), atA.expire(started.id()));
        assertTrue(atA.onFound(b, answer).found().isEmpty(), "an expired search takes no answer");
        RouteSearch.Started again = atA.start(c, List.of(b));
        RouteFound fresh = new RouteFound(again.id(), answer.path(), 0);
        assertEquals(List.of(a, b, c), atA.onFound(b, fresh).found().orElseThrow().path());
        assertTrue(atA.onFound(b, fresh).found().isEmpty(), "the first answer wins");
    }

    @Test
    void anAnswerFromTheWrongNeighbourIsIgnored() {
        NodeId a = node(1);
        NodeId b = node(2);
        NodeId c = node(3);
        RouteSearch atA = new RouteSearch(a, 4, 16);
        RouteSearch.Started started = atA.start(c, List.of(b));
        RouteFound answer = new RouteFound(started.id(), List.of(WireNode.of(a), WireNode.of(b), WireNode.of(c)), 0);
        assertTrue(atA.onFound(c, answer).found().isEmpty());
        assertTrue(atA.isPending(started.id()));
    }
}
