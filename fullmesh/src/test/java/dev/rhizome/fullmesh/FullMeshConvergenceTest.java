package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.simulator.LatencyModel;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The full-mesh protocol on the simulator: 50 nodes join, five leave, five crash, three of
 * those restart, and every survivor's view converges to exactly the running members. Messages name the
 * seed so a failure can be replayed.
 */
class FullMeshConvergenceTest {

    private static final int NODES = 50;

    private Simulation sim;

    private boolean viewsAre(Set<NodeId> group) {
        for (NodeId node : group) {
            if (!sim.isRunning(node) || !sim.protocol(node).members().equals(group)) {
                return false;
            }
        }
        return true;
    }

    private String describe(Set<NodeId> expected) {
        StringBuilder text = new StringBuilder("seed " + sim.seed() + " at " + sim.now() + " ms, expected "
                + expected.size() + " members\n");
        for (NodeId node : expected) {
            if (sim.isRunning(node) && !sim.protocol(node).members().equals(expected)) {
                text.append("  ").append(node).append(" sees ").append(sim.protocol(node).members().size()).append('\n');
            }
        }
        return text.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2026})
    void fiftyNodesWithJoinsLeavesCrashesAndRestartsConverge(long seed) {
        sim = new Simulation(seed, NetworkConditions.defaults().withLatency(LatencyModel.uniform(1, 10)),
                new FullMeshTopology(), Map.of());
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(sim.start("n" + i));
        }
        for (NodeId node : nodes.subList(1, NODES)) {
            sim.join(node, nodes.get(0));
        }
        Set<NodeId> expected = new TreeSet<>(nodes);
        assertTrue(sim.runUntil(() -> viewsAre(expected), 30_000), () -> "joins: " + describe(expected));

        for (NodeId leaver : nodes.subList(10, 15)) {
            sim.leave(leaver);
            expected.remove(leaver);
        }
        sim.runFor(500);
        for (NodeId leaver : nodes.subList(10, 15)) {
            sim.stop(leaver);
        }
        List<NodeId> crashed = nodes.subList(20, 25);
        for (NodeId victim : crashed) {
            sim.crash(victim);
            expected.remove(victim);
        }
        assertTrue(sim.runUntil(() -> viewsAre(expected), 30_000), () -> "leaves and crashes: " + describe(expected));

        for (NodeId victim : crashed.subList(0, 3)) {
            NodeId again = sim.restart(victim.name());
            sim.join(again, nodes.get(1));
            expected.add(again);
        }
        assertTrue(sim.runUntil(() -> viewsAre(expected), 30_000), () -> "restarts: " + describe(expected));
        assertEquals(NODES - 5 - 5 + 3, expected.size());
    }
}
