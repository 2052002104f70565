package dev.rhizome.statictopology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Route;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Static overlays on the simulator: a line and a ring converge, route multi-hop and re-route on a crash. */
class StaticSimulationTest {

    private static final String CHANNEL = "default";

    private static Map<Integer, List<Integer>> line(int size) {
        Map<Integer, List<Integer>> config = new HashMap<>();
        for (int i = 0; i + 1 < size; i++) {
            config.put(i, List.of(i + 1)); // one side configures each edge; the other accepts
        }
        return config;
    }

    @Test
    void aLineConvergesAndRoutesEndToEndThroughEveryNode() {
        StaticNet net = new StaticNet(7, 6, line(6));
        assertTrue(net.sim.runUntil(net::converged, 10_000), "line did not converge");
        NodeId first = net.nodes.get(0);
        NodeId last = net.nodes.get(5);
        Route route = net.protocol(first).router().route(first, last, CHANNEL).orElseThrow();
        assertEquals(net.nodes, route.nodes());
        assertEquals(route.reverse(), net.protocol(last).router().route(last, first, CHANNEL).orElseThrow());
        assertTrue(net.protocol(first).router().route(first, first, CHANNEL).orElseThrow().isIdentity());
        assertEquals(List.of(net.nodes.get(1)), List.copyOf(net.protocol(first).neighbours()));
    }

    @Test
    void aRingRoutesTheShortWayAndAroundACrash() {
        Map<Integer, List<Integer>> ring = line(8);
        ring.put(7, List.of(0));
        StaticNet net = new StaticNet(11, 8, ring);
        assertTrue(net.sim.runUntil(net::converged, 10_000), "ring did not converge");
        NodeId zero = net.nodes.get(0);
        Router0 router = new Router0(net, zero);
        assertEquals(2, router.to(6).length(), "0 → 7 → 6 beats the long way");
        assertEquals(4, router.to(4).length());

        net.sim.crash(net.nodes.get(7));
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after the crash");
        assertEquals(6, router.to(6).length(), "now the long way round");
        assertTrue(net.protocol(zero).graph().carries(router.to(6)));
        assertFalse(net.protocol(zero).router().route(zero, net.nodes.get(7), CHANNEL).isPresent());

        NodeId back = net.sim.restart("n7");
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after the restart");
        assertEquals(List.of(zero, back, net.nodes.get(6)), router.to(6).nodes());
    }

    @Test
    void aPartitionSplitsTheViewAndHealingRejoinsIt() {
        StaticNet net = new StaticNet(3, 5, line(5));
        assertTrue(net.sim.runUntil(net::converged, 10_000));
        net.sim.partition(java.util.Set.of(net.nodes.get(3), net.nodes.get(4)));
        assertTrue(net.sim.runUntil(() -> net.protocol(net.nodes.get(0)).members().size() == 3, 10_000));
        assertEquals(Optional.empty(), net.protocol(net.nodes.get(0)).router()
                .route(net.nodes.get(0), net.nodes.get(4), CHANNEL));
        net.sim.heal();
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after healing");
        assertEquals(4, new Router0(net, net.nodes.get(0)).to(4).length());
    }

    /** Routes from one node's own router. */
    private record Router0(StaticNet net, NodeId from) {
        Route to(int i) {
            NodeId target = net.sim.running().stream().filter(n -> n.name().equals("n" + i)).findFirst().orElseThrow();
            return net.protocol(from).router().route(from, target, CHANNEL).orElseThrow();
        }
    }
}
