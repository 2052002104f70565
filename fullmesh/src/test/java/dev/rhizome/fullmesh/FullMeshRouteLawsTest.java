package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.route.ViewChange;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The route laws for the full mesh's router, on random cluster sizes run in the simulator and random
 * membership changes (crashes, then joins): identity and associativity, composition only where the
 * ends meet, every route a one-hop edge of the current view, and survival across a change exactly as
 * the span says. Every message names the seed.
 */
class FullMeshRouteLawsTest {

    private static final String CHANNEL = "default";

    @Property(tries = 10, seed = "707")
    void routesObeyTheLawsAcrossRandomChanges(@ForAll long seed, @ForAll @IntRange(min = 2, max = 7) int size) {
        SplittableRandom random = new SplittableRandom(seed);
        MeshWatch watch = MeshWatch.simulate(seed);
        Simulation sim = watch.sim();
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(sim.start("m" + i));
        }
        nodes.subList(1, size).forEach(n -> sim.join(n, nodes.get(0)));
        assertTrue(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(nodes)), 10_000), watch.describe());
        NodeId observer = nodes.get(0);
        OverlayGraph before = view(watch, observer);
        checkLaws(watch, observer, before);
        List<Route> held = allRoutes(sim.protocol(observer).router(), before);

        int crashes = random.nextInt(size); // 0 .. size-1 of the others
        for (int k = 0; k < crashes; k++) {
            sim.crash(nodes.remove(1 + random.nextInt(nodes.size() - 1)));
        }
        int joins = random.nextInt(3);
        for (int k = 0; k < joins; k++) {
            NodeId joiner = sim.start("j" + k);
            nodes.add(joiner);
            sim.join(joiner, observer);
        }
        assertTrue(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(nodes)), 20_000),
                "after " + crashes + " crashes and " + joins + " joins: " + watch.describe());
        OverlayGraph after = view(watch, observer);
        ViewChange change = ViewChange.between(before, after);
        Router router = sim.protocol(observer).router();
        for (Route route : held) {
            Optional<Route> now = router.route(route.source(), route.target(), CHANNEL);
            if (change.survives(route)) {
                assertEquals(Optional.of(route), now, watch.describe() + "a route in the stable part survives");
            } else {
                assertTrue(now.isEmpty() || after.carries(now.get()),
                        watch.describe() + "a route through a departed node is dropped or recomputed: " + now);
            }
        }
        checkLaws(watch, observer, after);
    }

    /** The observer's view as a graph: a full mesh, so every pair of members is an edge. */
    private static OverlayGraph view(MeshWatch watch, NodeId observer) {
        OverlayGraph.Builder graph = OverlayGraph.builder();
        List<NodeId> members = new ArrayList<>(watch.members(observer));
        for (NodeId a : members) {
            graph.node(a);
            for (NodeId b : members) {
                if (!a.equals(b)) {
                    graph.edge(a, b);
                }
            }
        }
        return graph.build();
    }

    private static void checkLaws(MeshWatch watch, NodeId observer, OverlayGraph view) {
        Router router = watch.sim().protocol(observer).router();
        String context = watch.describe();
        List<NodeId> nodes = new ArrayList<>(view.nodes());
        for (NodeId a : nodes) {
            Route idA = router.route(a, a, CHANNEL).orElseThrow(() -> new AssertionError(context + "no identity"));
            assertTrue(idA.isIdentity(), context);
            for (NodeId b : nodes) {
                Route f = router.route(a, b, CHANNEL).orElseThrow(() -> new AssertionError(context + a + " → " + b));
                assertTrue(view.carries(f), context + f);
                assertEquals(a.equals(b) ? 0 : 1, f.length(), context + "one hop: " + f);
                assertEquals(f, idA.andThen(f), context + "left identity");
                assertEquals(f, f.andThen(router.route(b, b, CHANNEL).orElseThrow()), context + "right identity");
                for (NodeId c : nodes) {
                    Route g = router.route(b, c, CHANNEL).orElseThrow();
                    Route h = router.route(c, a, CHANNEL).orElseThrow();
                    assertEquals(f.andThen(g).andThen(h), f.andThen(g.andThen(h)), context + "associativity");
                    assertTrue(view.carries(f.andThen(g).andThen(h)), context);
                    if (!b.equals(c) && !f.isIdentity() && !h.isIdentity()) {
                        assertThrows(IllegalArgumentException.class, () -> f.andThen(h),
                                context + "composition only where the ends meet: " + f + " then " + h);
                    }
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
