package dev.rhizome.clientserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client-server on the simulator: servers mesh, clients attach, everyone agrees on the view; a server
 * crash moves its clients to the survivors and routes are recomputed through them.
 */
class ClientServerSimulationTest {

    private static final String CHANNEL = "default";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 2026})
    void convergesAndSurvivesAServerCrash(long seed) {
        ClientServerNet net = new ClientServerNet(seed, 3, 7);
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence, seed " + seed);
        for (NodeId server : net.servers) {
            for (NodeId other : net.servers) {
                assertEquals(!server.equals(other), net.sim.connected(server, other), "servers form a full mesh");
            }
        }
        for (NodeId client : net.clients) {
            for (NodeId other : net.clients) {
                assertFalse(net.sim.connected(client, other), "clients never connect to clients");
            }
        }
        checkRoutes(net);

        // crash the server hosting the most clients
        NodeId busiest = net.servers.get(0);
        for (NodeId server : net.servers) {
            if (net.protocol(server).hostedClients().size() > net.protocol(busiest).hostedClients().size()) {
                busiest = server;
            }
        }
        List<NodeId> moving = new ArrayList<>(net.protocol(busiest).hostedClients());
        NodeId mover = moving.isEmpty() ? null : moving.get(0);
        NodeId bystander = net.clients.stream().filter(c -> !moving.contains(c)).findFirst().orElse(null);
        Route before = mover != null && bystander != null
                ? net.protocol(bystander).router().route(bystander, mover, CHANNEL).orElseThrow() : null;
        net.sim.crash(busiest);
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after crashing " + busiest);
        for (NodeId client : moving) {
            NodeId now = net.protocol(client).server().orElseThrow();
            assertNotEquals(busiest, now, client + " moved");
            assertTrue(net.protocol(now).hostedClients().contains(client));
        }
        if (before != null) {
            Route after = net.protocol(bystander).router().route(bystander, mover, CHANNEL).orElseThrow();
            assertTrue(before.nodes().contains(busiest));
            assertFalse(after.nodes().contains(busiest), "the route was recomputed: " + after);
        }
        checkRoutes(net);

        NodeId back = net.sim.restart(busiest.name());
        assertTrue(net.sim.runUntil(net::converged, 10_000), "no convergence after restarting " + back);
        assertTrue(net.protocol(net.clients.get(0)).members().contains(back));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5})
    void aClientThatLosesEveryServerWaitsAndComesBack(long seed) {
        ClientServerNet net = new ClientServerNet(seed, 2, 3);
        assertTrue(net.sim.runUntil(net::converged, 10_000));
        NodeId s0 = net.servers.get(0);
        NodeId s1 = net.servers.get(1);
        net.sim.crash(s0);
        net.sim.crash(s1);
        assertTrue(net.sim.runUntil(() -> net.clients.stream()
                .allMatch(c -> net.protocol(c).members().equals(java.util.Set.of(c))), 10_000));
        net.sim.restart("s1");
        assertTrue(net.sim.runUntil(net::converged, 10_000), "clients did not come back");
    }

    /** Every route every node hands out is valid in the true view, short, and client-to-client through a server. */
    private static void checkRoutes(ClientServerNet net) {
        ClientServerView truth = net.truth();
        for (NodeId node : net.sim.running()) {
            for (NodeId a : truth.nodes()) {
                for (NodeId b : truth.nodes()) {
                    Route route = net.protocol(node).router().route(a, b, CHANNEL).orElseThrow();
                    assertTrue(truth.graph().carries(route), route::toString);
                    assertTrue(route.length() <= ClientServerView.MAX_HOPS);
                    if (!truth.isServer(a) && !truth.isServer(b) && !a.equals(b)) {
                        List<NodeId> inner = route.nodes().subList(1, route.nodes().size() - 1);
                        assertFalse(inner.isEmpty());
                        assertTrue(inner.stream().allMatch(truth::isServer), route::toString);
                    }
                }
            }
        }
    }
}
