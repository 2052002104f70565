package dev.rhizome.clientserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.ViewChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The protocol itself under random churn on the simulator: random server and client crashes and
 * restarts; after each round every node converges on the true view, its routes are valid there and
 * client-to-client through a server, and each route it held survives exactly as the span says.
 */
class ClientServerChurnPropertyTest {

    private static final String CHANNEL = "default";

    @Property(tries = 8, seed = "909")
    void churnKeepsTheLaws(@ForAll long seed, @ForAll @IntRange(min = 2, max = 3) int serverCount,
                           @ForAll @IntRange(min = 2, max = 6) int clientCount) {
        SplittableRandom random = new SplittableRandom(seed);
        ClientServerNet net = new ClientServerNet(seed, serverCount, clientCount);
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence");
        for (int round = 0; round < 3; round++) {
            NodeId observer = net.sim.running().stream().filter(n -> n.name().startsWith("c"))
                    .findFirst().orElseThrow();
            OverlayGraph before = net.protocol(observer).view().graph();
            List<Route> held = new ArrayList<>();
            for (NodeId a : before.nodes()) {
                for (NodeId b : before.nodes()) {
                    held.add(net.protocol(observer).router().route(a, b, CHANNEL).orElseThrow());
                }
            }
            List<NodeId> running = new ArrayList<>(net.sim.running());
            NodeId victim = running.get(random.nextInt(running.size()));
            long serversUp = running.stream().filter(n -> n.name().startsWith("s")).count();
            if (!victim.equals(observer) && (victim.name().startsWith("c") || serversUp > 1)) {
                net.sim.crash(victim);
            }
            assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence in round " + round);
            ClientServerView truth = net.truth();
            OverlayGraph after = truth.graph();
            ViewChange change = ViewChange.between(before, after);
            for (Route route : held) {
                Optional<Route> now = net.protocol(observer).router().route(route.source(), route.target(), CHANNEL);
                if (change.survives(route)) {
                    assertEquals(Optional.of(route), now);
                }
                now.ifPresent(r -> assertTrue(after.carries(r), r::toString));
            }
            for (NodeId a : truth.nodes()) {
                for (NodeId b : truth.nodes()) {
                    Route route = net.protocol(observer).router().route(a, b, CHANNEL).orElseThrow();
                    assertTrue(after.carries(route));
                    assertTrue(route.length() <= ClientServerView.MAX_HOPS);
                    if (!truth.isServer(a) && !truth.isServer(b) && !a.equals(b)) {
                        List<NodeId> inner = route.nodes().subList(1, route.nodes().size() - 1);
                        assertFalse(inner.isEmpty());
                        assertTrue(inner.stream().allMatch(truth::isServer));
                    }
                }
            }
            if (!victim.equals(observer) && !net.sim.isRunning(victim) && random.nextBoolean()) {
                net.sim.restart(victim.name());
                assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after restart");
            }
        }
    }
}
