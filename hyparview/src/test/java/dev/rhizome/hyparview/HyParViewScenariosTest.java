package dev.rhizome.hyparview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.sim.OverlayGraph;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.MembershipEvent;
import dev.rhizome.simulator.CrashNotice;
import dev.rhizome.simulator.LatencyModel;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.SimObserver;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-overlay scenarios on the simulator with the protocol's own periodic shuffle, every message
 * through ProtoStream, and random latency. Every failure message starts with the seed.
 */
class HyParViewScenariosTest {

    private Simulation sim;
    private final List<NodeId> nodes = new ArrayList<>();
    private final List<String> leftEvents = new ArrayList<>();

    private void start(long seed, int count, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(HyParViewSettings.SHUFFLE_INTERVAL, "1000"));
        settings.putAll(extra);
        sim = new Simulation(seed, NetworkConditions.defaults().withLatency(LatencyModel.uniform(1, 20))
                .withCrashNotice(CrashNotice.RESET), new HyParViewTopology(), settings);
        sim.observe(new SimObserver() {
            @Override
            public void emitted(long now, NodeId node, MembershipEvent event) {
                if (event instanceof MembershipEvent.NodeDown down && down.reason().equals("left")) {
                    leftEvents.add(down.node().name());
                }
            }
        });
        for (int i = 0; i < count; i++) {
            nodes.add(sim.start("n" + i));
        }
    }

    private HyParViewProtocol protocol(NodeId node) {
        return sim.protocol(node, HyParViewProtocol.class);
    }

    private OverlayGraph graph() {
        List<NodeId> live = sim.running();
        Map<NodeId, Integer> index = new HashMap<>();
        for (NodeId id : live) {
            index.put(id, index.size());
        }
        List<int[]> out = new ArrayList<>();
        for (NodeId id : live) {
            out.add(protocol(id).activeView().stream().map(index::get).filter(Objects::nonNull)
                    .mapToInt(Integer::intValue).toArray());
        }
        return OverlayGraph.of(out);
    }

    private boolean healthy() {
        OverlayGraph graph = graph();
        return graph.isConnected() && sim.running().stream().noneMatch(n -> protocol(n).activeView().isEmpty());
    }

    private String describe() {
        OverlayGraph graph = graph();
        return "seed " + sim.seed() + " at " + sim.now() + " ms: " + graph.size() + " live, reach from first "
                + graph.reachableFrom(0) + ", asymmetric " + graph.asymmetricEdges() + ", active sizes "
                + java.util.Arrays.toString(graph.outDegreeHistogram());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42})
    void sequentialJoinsThroughOneContactFormAConnectedSymmetricOverlay(long seed) {
        start(seed, 150, Map.of());
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
            sim.runFor(50);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), this::describe);
        sim.runFor(10_000);
        OverlayGraph graph = graph();
        assertTrue(graph.isConnected(), describe());
        assertEquals(0, graph.asymmetricEdges(), describe());
        int[] sizes = graph.outDegreeHistogram();
        assertTrue(sizes.length == 6 && sizes[5] >= 0.95 * nodes.size(), "most views are full: " + describe());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 4})
    void manyNodesJoiningOneContactAtOnceDoNotLeaveIslands(long seed) {
        start(seed, 100, Map.of());
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
        }
        assertTrue(sim.runUntil(this::healthy, 30_000), this::describe);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5})
    void leaversAreForgottenAndTheRestStaysConnected(long seed) {
        start(seed, 80, Map.of());
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
            sim.runFor(20);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), this::describe);
        List<NodeId> leavers = nodes.subList(40, 50);
        for (NodeId leaver : leavers) {
            sim.leave(leaver);
        }
        sim.runFor(200);
        for (NodeId leaver : leavers) {
            sim.stop(leaver);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), this::describe);
        for (NodeId node : sim.running()) {
            for (NodeId leaver : leavers) {
                assertTrue(!protocol(node).activeView().contains(leaver), node + " still has " + leaver);
            }
        }
        assertTrue(leftEvents.size() >= leavers.size(), "neighbours heard 'left': " + leftEvents);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 7})
    void crashesAreRepairedAndRestartedNodesRejoinUnderTheirNewIncarnation(long seed) {
        start(seed, 100, Map.of());
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
            sim.runFor(20);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), this::describe);
        List<NodeId> victims = nodes.subList(50, 80);
        for (NodeId victim : victims) {
            sim.crash(victim);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), () -> "after crashes: " + describe());
        Set<NodeId> reborn = new TreeSet<>();
        for (NodeId victim : victims.subList(0, 10)) {
            NodeId again = sim.restart(victim.name());
            reborn.add(again);
            sim.join(again, nodes.get(1));
        }
        assertTrue(sim.runUntil(this::healthy, 30_000), () -> "after restarts: " + describe());
        for (NodeId node : sim.running()) {
            for (NodeId peer : protocol(node).activeView()) {
                assertTrue(sim.isRunning(peer), "seed " + seed + ": " + node + " keeps dead " + peer);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8})
    void aPartitionedNodeRebootstrapsFromItsSeedAfterHealing(long seed) {
        start(seed, 30, Map.of());
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
            sim.runFor(20);
        }
        assertTrue(sim.runUntil(this::healthy, 20_000), this::describe);
        NodeId loner = nodes.get(29);
        sim.partition(Set.of(loner));
        assertTrue(sim.runUntil(() -> protocol(loner).activeView().isEmpty() && protocol(loner).passiveView().isEmpty(), 60_000),
                "seed " + seed + ": cut off, the loner's dials fail until its views are empty");
        sim.heal();
        assertTrue(sim.runUntil(this::healthy, 30_000), () -> "after healing: " + describe());
    }
}
