package dev.rhizome.overlay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link PathFinder} on random graphs: its routes are morphisms of the graph's path category, as short
 * as the true distance, within the hop limit, and they compose by the category laws.
 */
class PathFinderLawsTest {

    private static final String CHANNEL = "default";

    @Property(tries = 200, seed = "4004")
    void routesAreValidShortestAndWithinTheTtl(@ForAll long seed,
                                               @ForAll @IntRange(min = 1, max = 12) int size,
                                               @ForAll @IntRange(min = 1, max = 6) int ttl) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph graph = RandomGraphs.graph(random, size, random.nextDouble() * 0.5);
        List<NodeId> nodes = new ArrayList<>(graph.nodes());
        int[][] truth = RandomGraphs.distances(graph, nodes);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                Optional<Route> route = PathFinder.shortest(graph, nodes.get(i), nodes.get(j), CHANNEL, ttl);
                boolean reachable = truth[i][j] <= ttl;
                assertEquals(reachable, route.isPresent(), () -> graph + " " + nodes);
                if (route.isPresent()) {
                    Route r = route.get();
                    assertTrue(graph.carries(r), () -> r + " not in " + graph);
                    assertEquals(truth[i][j], r.length());
                    assertEquals(nodes.get(i), r.source());
                    assertEquals(nodes.get(j), r.target());
                    assertEquals(i == j, r.isIdentity());
                    assertTrue(r.hops().stream().allMatch(hop -> hop.channel().equals(CHANNEL)));
                }
            }
        }
    }

    @Property(tries = 200, seed = "4005")
    void returnedRoutesComposeByTheLaws(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int size) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph graph = RandomGraphs.graph(random, size, 0.4);
        List<NodeId> nodes = new ArrayList<>(graph.nodes());
        NodeId a = nodes.get(random.nextInt(size));
        NodeId b = nodes.get(random.nextInt(size));
        NodeId c = nodes.get(random.nextInt(size));
        NodeId d = nodes.get(random.nextInt(size));
        Optional<Route> f = PathFinder.shortest(graph, a, b, CHANNEL, size);
        Optional<Route> g = PathFinder.shortest(graph, b, c, CHANNEL, size);
        Optional<Route> h = PathFinder.shortest(graph, c, d, CHANNEL, size);
        Route idA = PathFinder.shortest(graph, a, a, CHANNEL, 0).orElseThrow();
        assertTrue(idA.isIdentity());
        if (f.isPresent()) {
            Route idB = PathFinder.shortest(graph, b, b, CHANNEL, 0).orElseThrow();
            assertEquals(f.get(), idA.andThen(f.get()));
            assertEquals(f.get(), f.get().andThen(idB));
        }
        if (f.isPresent() && g.isPresent() && h.isPresent()) {
            Route left = f.get().andThen(g.get()).andThen(h.get());
            Route right = f.get().andThen(g.get().andThen(h.get()));
            assertEquals(left, right);
            assertTrue(graph.carries(left));
            assertTrue(graph.carries(left.reverse()), "the graph is symmetric, so reply routes are valid");
        }
    }

    @Property(tries = 100, seed = "4006")
    void compositionOnlyWhereTheEndsMeet(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph graph = RandomGraphs.graph(random, 6, 0.6);
        List<NodeId> nodes = new ArrayList<>(graph.nodes());
        NodeId a = nodes.get(random.nextInt(6));
        NodeId b = nodes.get(random.nextInt(6));
        NodeId c = nodes.get(random.nextInt(6));
        Optional<Route> f = PathFinder.shortest(graph, a, b, CHANNEL, 6);
        Optional<Route> g = PathFinder.shortest(graph, c, a, CHANNEL, 6);
        if (f.isPresent() && g.isPresent() && !b.equals(c)) {
            boolean threw;
            try {
                f.get().andThen(g.get());
                threw = false;
            } catch (IllegalArgumentException expected) {
                threw = true;
            }
            assertTrue(threw);
        }
        assertFalse(PathFinder.shortest(graph, a, RandomGraphs.node(999), CHANNEL, 6).isPresent());
    }
}
