package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Router soundness against the current view: one hop along a view edge, identity for self. */
class OneHopRouterTest {

    private static final List<String> CHANNELS = List.of("rhizome.control", "default", "bulk");

    @Test
    void routesAreOneHopEdgesOfTheCurrentViewBeforeAndAfterAChange() {
        long seed = 11L;
        MeshWatch watch = MeshWatch.simulate(seed);
        Simulation sim = watch.sim();
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            nodes.add(sim.start("r" + i));
        }
        nodes.subList(1, 4).forEach(n -> sim.join(n, nodes.get(0)));
        assertTrue(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(nodes)), 5_000), watch.describe());
        checkEveryRoute(watch, nodes, watch.describe());

        NodeId gone = nodes.remove(3);
        sim.crash(gone);
        assertTrue(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(nodes)), 2_000), watch.describe());
        checkEveryRoute(watch, nodes, watch.describe());
        for (NodeId node : nodes) {
            assertEquals(Optional.empty(), sim.protocol(node).router().route(node, gone, "default"),
                    watch.describe() + "no route to a departed node");
        }
    }

    private static void checkEveryRoute(MeshWatch watch, List<NodeId> nodes, String context) {
        Simulation sim = watch.sim();
        for (NodeId from : nodes) {
            Router router = sim.protocol(from).router();
            Set<NodeId> view = watch.members(from);
            for (NodeId to : nodes) {
                for (String channel : CHANNELS) {
                    Route route = router.route(from, to, channel).orElseThrow(() -> new AssertionError(context));
                    assertEquals(from, route.source(), context);
                    assertEquals(to, route.target(), context);
                    if (from.equals(to)) {
                        assertEquals(Route.identity(from), route, context);
                    } else {
                        assertEquals(List.of(new Hop(from, to, channel)), route.hops(), context);
                        assertTrue(view.contains(to), context + " the hop's end is in the view");
                    }
                }
            }
        }
    }

    @Test
    void withAFixedViewTheRouterIsIdentityOneHopOrNothing() {
        NodeId a = new NodeId("a", "h", 1, 1);
        NodeId b = new NodeId("b", "h", 2, 1);
        NodeId stranger = new NodeId("c", "h", 3, 1);
        NodeId newerB = new NodeId("b", "h", 2, 2);
        OneHopRouter router = new OneHopRouter(() -> Set.of(a, b));
        assertEquals(Optional.of(Route.identity(a)), router.route(a, a, "default"));
        assertEquals(Optional.empty(), router.route(stranger, stranger, "default"), "no identity outside the view");
        assertEquals(Optional.of(Route.of(new Hop(a, b, "x"))), router.route(a, b, "x"));
        assertEquals(Optional.empty(), router.route(a, stranger, "x"));
        assertEquals(Optional.empty(), router.route(a, newerB, "x"), "only the exact incarnation in view");
    }
}
