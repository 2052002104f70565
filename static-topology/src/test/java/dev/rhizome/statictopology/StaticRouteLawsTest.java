package dev.rhizome.statictopology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.PathFinder;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.route.ViewChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The route laws for the static topology's own router, on random configured graphs run in the
 * simulator and on random crashes: every route is valid in the node's current view, shortest, within
 * the TTL, composes by the category laws, and survives a change exactly as the span says.
 */
class StaticRouteLawsTest {

    private static final String CHANNEL = "default";

    @Property(tries = 12, seed = "606")
    void routesObeyTheLawsAcrossRandomCrashes(@ForAll long seed, @ForAll @IntRange(min = 3, max = 9) int size) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, List<Integer>> config = new HashMap<>();
        for (int i = 1; i < size; i++) {
            List<Integer> peers = new ArrayList<>();
            peers.add(random.nextInt(i)); // a spanning tree, so the configured graph is connected
            if (i > 1 && random.nextDouble() < 0.4) {
                int extra = random.nextInt(i);
                if (!peers.contains(extra)) {
                    peers.add(extra);
                }
            }
            config.put(i, peers);
        }
        StaticNet net = new StaticNet(seed, size, config);
        assertTrue(net.sim.runUntil(net::converged, 20_000), "no convergence");
        NodeId observer = net.nodes.get(0);
        checkLaws(net, observer);

        OverlayGraph before = net.protocol(observer).graph();
        List<Route> held = allRoutes(net.protocol(observer).router(), before);
        int crashes = 1 + random.nextInt(Math.max(1, size / 3));
        for (int k = 0; k < crashes; k++) {
            NodeId victim = net.nodes.get(1 + random.nextInt(size - 1));
            if (net.sim.isRunning(victim)) {
                net.sim.crash(victim);
            }
        }
        assertTrue(net.sim.runUntil(net::converged, 20_000), "no convergence after crashes");
        OverlayGraph after = net.protocol(observer).graph();
        ViewChange change = ViewChange.between(before, after);
        for (Route route : held) {
            Optional<Route> now = net.protocol(observer).router().route(route.source(), route.target(), CHANNEL);
            if (change.survives(route)) {
                assertTrue(after.carries(route));
                assertEquals(Optional.of(route), now, "a survivor of a shrinking change is still the route");
            } else {
                now.ifPresent(r -> assertTrue(after.carries(r), r::toString));
            }
        }
        checkLaws(net, observer);
    }

    private static void checkLaws(StaticNet net, NodeId observer) {
        StaticProtocol protocol = net.protocol(observer);
        OverlayGraph view = protocol.graph();
        Router router = protocol.router();
        List<NodeId> nodes = new ArrayList<>(view.nodes());
        for (NodeId a : nodes) {
            Route idA = router.route(a, a, CHANNEL).orElseThrow();
            assertTrue(idA.isIdentity());
            for (NodeId b : nodes) {
                Route f = router.route(a, b, CHANNEL).orElseThrow(() -> new AssertionError(a + " → " + b));
                assertTrue(view.carries(f), f::toString);
                assertTrue(f.length() <= 16, "within the TTL");
                assertEquals(PathFinder.distances(view, a).get(b), f.length(), "shortest");
                assertEquals(f, idA.andThen(f));
                for (NodeId c : List.of(nodes.get(0), nodes.get(nodes.size() - 1))) {
                    Route g = router.route(b, c, CHANNEL).orElseThrow();
                    Route h = router.route(c, a, CHANNEL).orElseThrow();
                    assertEquals(f.andThen(g).andThen(h), f.andThen(g.andThen(h)));
                    assertTrue(view.carries(f.andThen(g).andThen(h)));
                }
            }
        }
    }

    private static List<Route> allRoutes(Router router, OverlayGraph graph) {
        List<Route> routes = new ArrayList<>();
        for (NodeId a : graph.nodes()) {
            for (NodeId b : graph.nodes()) {
                router.route(a, b, CHANNEL).ifPresent(routes::add);
            }
        }
        return routes;
    }
}
