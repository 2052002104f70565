package dev.rhizome.overlay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Membership changes as spans {@code old ⊇ stable ⊆ new} on random graphs and random changes: a route
 * survives exactly when it lies in the stable part, a survivor is valid afterwards, and a
 * {@link RouteCache} keeps exactly the survivors.
 */
class ViewChangeLawsTest {

    private static final String CHANNEL = "default";

    @Property(tries = 200, seed = "5005")
    void survivalIsExactlyLyingInTheStablePart(@ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int size) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph before = RandomGraphs.graph(random, size, 0.45);
        OverlayGraph after = RandomGraphs.change(random, before);
        ViewChange change = ViewChange.between(before, after);
        assertTrue(change.stable().isSubgraphOf(before));
        assertTrue(change.stable().isSubgraphOf(after));
        for (Route route : allShortest(before)) {
            boolean inStable = change.stable().contains(route.source())
                    && route.hops().stream().allMatch(hop -> change.stable().hasEdge(hop.from(), hop.to()));
            assertEquals(inStable, change.survives(route), route::toString);
            if (change.survives(route)) {
                assertTrue(after.carries(route), () -> route + " survived but is not in " + after);
            }
            // with the largest stable part, survival is validity at both ends
            assertEquals(before.carries(route) && after.carries(route), change.survives(route));
        }
    }

    @Property(tries = 100, seed = "5006")
    void aSmallerStablePartDropsMoreRoutes(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph before = RandomGraphs.graph(random, 8, 0.45);
        OverlayGraph after = RandomGraphs.change(random, before);
        OverlayGraph largest = before.intersection(after);
        // an edge that flapped during the change is not stable even though it is in both graphs
        OverlayGraph smaller = largest.restrictedTo(node -> random.nextDouble() > 0.2);
        ViewChange flapped = ViewChange.of(before, smaller, after);
        ViewChange widest = ViewChange.between(before, after);
        for (Route route : allShortest(before)) {
            if (flapped.survives(route)) {
                assertTrue(widest.survives(route));
                assertTrue(after.carries(route));
            }
        }
    }

    @Property(tries = 50, seed = "5007")
    void aStablePartOutsideEitherEndIsRefused(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph before = RandomGraphs.graph(random, 5, 0.5);
        OverlayGraph bigger = OverlayGraph.builder().addAll(before).node(RandomGraphs.node(77)).build();
        assertThrows(IllegalArgumentException.class, () -> ViewChange.of(before, bigger, before));
        assertTrue(ViewChange.between(before, before).isIdentity());
    }

    @Property(tries = 100, seed = "5008")
    void theCacheKeepsExactlyTheSurvivorsAndStaysValid(@ForAll long seed,
                                                       @ForAll @IntRange(min = 1, max = 4) int changes) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph[] current = {RandomGraphs.graph(random, 9, 0.35)};
        RouteCache cache = new RouteCache((from, to, channel) -> PathFinder.shortest(current[0], from, to, channel, 16));
        for (int round = 0; round < changes; round++) {
            List<Route> held = new ArrayList<>();
            for (NodeId from : current[0].nodes()) {
                for (NodeId to : current[0].nodes()) {
                    cache.route(from, to, CHANNEL).ifPresent(held::add);
                }
            }
            OverlayGraph next = RandomGraphs.change(random, current[0]);
            ViewChange change = ViewChange.between(current[0], next);
            long survivors = held.stream().filter(change::survives).count();
            int dropped = cache.apply(change);
            assertEquals(held.size() - survivors, dropped);
            assertEquals(survivors, cache.size());
            current[0] = next;
            for (Route route : held) {
                assertEquals(change.survives(route), cache.holds(route.source(), route.target(), CHANNEL));
                Optional<Route> now = cache.route(route.source(), route.target(), CHANNEL);
                now.ifPresent(r -> assertTrue(next.carries(r), () -> r + " not in " + next));
                if (change.survives(route)) {
                    assertEquals(Optional.of(route), now, "a survivor is kept as it was");
                }
            }
        }
    }

    @Property(tries = 100, seed = "5009")
    void keepingShortestKeepsEveryCachedRouteShortest(@ForAll long seed, @ForAll boolean shrinkOnly) {
        SplittableRandom random = new SplittableRandom(seed);
        OverlayGraph before = RandomGraphs.graph(random, 9, 0.35);
        OverlayGraph changed = RandomGraphs.change(random, before);
        OverlayGraph after = shrinkOnly ? before.intersection(changed) : changed;
        OverlayGraph[] current = {before};
        RouteCache cache = new RouteCache((from, to, channel) -> PathFinder.shortest(current[0], from, to, channel, 16));
        for (NodeId from : before.nodes()) {
            for (NodeId to : before.nodes()) {
                cache.route(from, to, CHANNEL);
            }
        }
        ViewChange change = ViewChange.between(before, after);
        cache.applyKeepingShortest(change);
        current[0] = after;
        List<NodeId> nodes = new ArrayList<>(after.nodes());
        int[][] truth = RandomGraphs.distances(after, nodes);
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = 0; j < nodes.size(); j++) {
                Optional<Route> route = cache.route(nodes.get(i), nodes.get(j), CHANNEL);
                if (route.isPresent()) {
                    assertTrue(after.carries(route.get()));
                    assertEquals(truth[i][j], route.get().length(), route.get()::toString);
                }
            }
        }
    }

    private static List<Route> allShortest(OverlayGraph graph) {
        List<Route> routes = new ArrayList<>();
        for (NodeId from : graph.nodes()) {
            for (NodeId to : graph.nodes()) {
                PathFinder.shortest(graph, from, to, CHANNEL, 16).ifPresent(routes::add);
            }
        }
        return routes;
    }
}
