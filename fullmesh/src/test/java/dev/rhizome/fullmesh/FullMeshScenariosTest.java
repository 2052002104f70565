package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rhizome.fullmesh.MeshWatch.Timed;
import dev.rhizome.membership.detector.PhiAccrualDetector;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.MembershipEvent;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-cluster scenarios in the simulator, each under fixed seeds. Every assertion message starts
 * with the seed and every node's view, so a failing run can be replayed.
 */
class FullMeshScenariosTest {

    private static final int CLUSTER = 5;

    private MeshWatch watch;
    private Simulation sim;
    private List<NodeId> nodes;

    private void startCluster(long seed) {
        watch = MeshWatch.simulate(seed);
        sim = watch.sim();
        nodes = new ArrayList<>();
        for (int i = 1; i <= CLUSTER; i++) {
            nodes.add(sim.start("n" + i));
        }
        for (NodeId node : nodes.subList(1, CLUSTER)) {
            sim.join(node, nodes.get(0));
        }
        Set<NodeId> all = new TreeSet<>(nodes);
        check(sim.runUntil(() -> watch.viewsAre(all), 5_000), "5 nodes joining through one seed converge");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 20261122L})
    void fiveNodesJoiningThroughOneSeedConverge(long seed) {
        startCluster(seed);
        long convergedAt = sim.now();
        sim.runFor(3_000);
        check(watch.viewsAre(new TreeSet<>(nodes)), "the converged views stay put");
        check(convergedAt < 2_000, "converged within 2 s, took " + convergedAt + " ms");
        for (NodeId node : nodes) {
            check(watch.events(node).stream().allMatch(e -> e.event() instanceof NodeUp),
                    node + " saw only NodeUps in a quiet cluster: " + watch.events(node));
            check(watch.events(node).size() == CLUSTER - 1, node + " reported each peer up once");
        }
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {2L, 77L})
    void aCrashedNodeIsReportedDownEverywhereWithinTwoSeconds(long seed) {
        startCluster(seed);
        sim.runFor(1_000);
        NodeId victim = nodes.get(2);
        List<NodeId> survivors = without(nodes, victim);
        long crashedAt = sim.now();
        sim.crash(victim);

        check(sim.runUntil(() -> survivors.stream().allMatch(n -> downOf(n, victim).isPresent()), 2_000),
                "every survivor reports " + victim + " down within 2 s");
        for (NodeId survivor : survivors) {
            Timed down = downOf(survivor, victim).orElseThrow();
            check(down.atMillis() - crashedAt <= 2_000, survivor + " took " + (down.atMillis() - crashedAt) + " ms");
            assertEquals("noconnection", ((NodeDown) down.event()).reason(), watch.describe());
        }
        check(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(survivors)), 1_000), "survivors agree");
        sim.runFor(3_000);
        check(watch.viewsAre(new TreeSet<>(survivors)), "and stay agreed");
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 99L})
    void aSilentNodeIsSuspectedWithinTheDetectionTime(long seed) {
        startCluster(seed);
        sim.runFor(2_000);                 // enough heartbeats for a steady history
        NodeId victim = nodes.get(4);
        List<NodeId> survivors = without(nodes, victim);
        long frozenAt = sim.now();
        sim.freeze(victim);

        FullMeshSettings settings = FullMeshSettings.defaults();
        long detect = new PhiAccrualDetector<NodeId>(settings.detector()).detectionTimeMillis();
        // the last heartbeat arrived at most one latency after the freeze; phi is checked every half interval
        long bound = detect + settings.failureCheckIntervalMs() + 10;
        check(sim.runUntil(() -> survivors.stream().allMatch(n -> downOf(n, victim).isPresent()), bound + 1_000),
                "every survivor suspects the silent " + victim);
        for (NodeId survivor : survivors) {
            Timed down = downOf(survivor, victim).orElseThrow();
            long took = down.atMillis() - frozenAt;
            check(took <= bound, survivor + " suspected after " + took + " ms, formula bound " + bound + " ms");
            check(took >= settings.heartbeatIntervalMs(), survivor + " suspected too early: " + took + " ms");
        }
        check(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(survivors)), 1_000), "survivors agree");
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8L, 2718L})
    void aPausedNodeIsSuspectedThenRefutesAndReturns(long seed) {
        startCluster(seed);
        sim.runFor(1_000);
        NodeId paused = nodes.get(1);
        List<NodeId> others = without(nodes, paused);
        sim.freeze(paused);
        check(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(others)), 2_000), "the pause is suspected");
        sim.runFor(1_000);
        long thawedAt = sim.now();
        sim.thaw(paused);
        Set<NodeId> all = new TreeSet<>(nodes);
        check(sim.runUntil(() -> watch.viewsAre(all), 3_000), "the refutation brings it back everywhere");
        for (NodeId other : others) {
            check(upOf(other, paused).orElseThrow().atMillis() >= thawedAt, other + " reports it up again");
        }
        check(((FullMeshProtocol) sim.protocol(nodes.get(0))).memberTable().get(paused.name()).version() > 1,
                "the refutation out-versioned the DOWN");
        sim.runFor(3_000);
        check(watch.viewsAre(all), "and it stays");
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4L, 1234L})
    void aGracefulLeaveRemovesTheNodeEverywhere(long seed) {
        startCluster(seed);
        NodeId leaver = nodes.get(1);
        List<NodeId> stayers = without(nodes, leaver);
        sim.leave(leaver);
        check(watch.members(leaver).equals(new TreeSet<>(Set.of(leaver))), "a left node sees only itself");
        check(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(stayers)), 1_000), "the others drop the leaver");
        sim.runFor(500);
        sim.crash(leaver);                 // the process exits after leaving
        sim.runFor(3_000);
        check(watch.viewsAre(new TreeSet<>(stayers)), "views stay without the leaver");
        for (NodeId stayer : stayers) {
            List<Timed> downs = watch.events(stayer).stream()
                    .filter(e -> e.event() instanceof NodeDown && e.event().node().equals(leaver)).toList();
            check(downs.size() == 1, stayer + " reports the leaver down exactly once: " + downs);
            assertEquals("left", ((NodeDown) downs.get(0).event()).reason(), watch.describe());
        }
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5L, 31337L})
    void aRestartedIncarnationReplacesTheOldOne(long seed) {
        startCluster(seed);
        sim.runFor(1_000);
        NodeId old = nodes.get(2);
        List<NodeId> survivors = without(nodes, old);
        // the old process hangs without resetting its connections; a new one starts under its name
        sim.freeze(old);
        sim.runFor(50);
        NodeId fresh = sim.restart(old.name());
        check(fresh.incarnation() > old.incarnation(), "a restart gets a larger incarnation");
        sim.join(fresh, nodes.get(0));

        Set<NodeId> expected = new TreeSet<>(survivors);
        expected.add(fresh);
        check(sim.runUntil(() -> watch.viewsAre(expected), 2_000), "the new incarnation rejoins everywhere");
        for (NodeId survivor : survivors) {
            Timed down = downOf(survivor, old).orElseThrow(() -> new AssertionError(watch.describe() + survivor));
            assertEquals("replaced", ((NodeDown) down.event()).reason(), watch.describe() + survivor);
            check(upOf(survivor, fresh).isPresent(), survivor + " reports the new incarnation up");
            assertEquals(fresh, ((FullMeshProtocol) sim.protocol(survivor)).memberTable().get(old.name()).id());
        }
        sim.runFor(2_000);
        check(watch.viewsAre(expected), "and it stays");
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6L, 4242L})
    void aCrashedNodeRestartingOnItsPortRejoins(long seed) {
        startCluster(seed);
        NodeId old = nodes.get(3);
        List<NodeId> survivors = without(nodes, old);
        sim.crash(old);
        check(sim.runUntil(() -> watch.viewsAre(new TreeSet<>(survivors)), 2_000), "the crash is noticed");
        sim.runFor(1_000);
        NodeId fresh = sim.restart(old.name());       // the same address, the next incarnation
        sim.join(fresh, nodes.get(1));
        Set<NodeId> expected = new TreeSet<>(survivors);
        expected.add(fresh);
        check(sim.runUntil(() -> watch.viewsAre(expected), 2_000), "the new incarnation rejoins");
        for (NodeId survivor : survivors) {
            check(upOf(survivor, fresh).isPresent(), survivor + " reports " + fresh + " up");
        }
        assertEventsAlternate();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 8675309L})
    void aHealedPartitionReMerges(long seed) {
        startCluster(seed);
        sim.runFor(1_000);
        Set<NodeId> left = new TreeSet<>(nodes.subList(0, 3));
        Set<NodeId> right = new TreeSet<>(nodes.subList(3, CLUSTER));
        sim.partition(left);
        check(sim.runUntil(() -> watch.viewsAre(left) && watch.viewsAre(right), 2_000), "each side sees only itself");
        sim.runFor(5_000);
        check(watch.viewsAre(left) && watch.viewsAre(right), "the split is stable");

        long healedAt = sim.now();
        sim.heal();
        Set<NodeId> all = new TreeSet<>(nodes);
        check(sim.runUntil(() -> watch.viewsAre(all), 5_000), "views re-merge after the heal");
        long took = sim.now() - healedAt;
        sim.runFor(3_000);
        check(watch.viewsAre(all), "and stay merged (re-merge took " + took + " ms)");
        assertEventsAlternate();
    }

    // ---------------------------------------------------------------- helpers

    /** For every node and peer incarnation: Up, Down, Up, Down… never two of a kind in a row. */
    private void assertEventsAlternate() {
        Map<String, Boolean> up = new HashMap<>();
        for (Timed timed : watch.allEvents()) {
            String key = timed.node() + " about " + timed.event().node();
            boolean isUp = timed.event() instanceof NodeUp;
            Boolean was = up.put(key, isUp);
            if (was == null ? !isUp : was == isUp) {
                fail(watch.describe() + "events out of order for " + key + " at " + timed.atMillis() + " ms");
            }
        }
    }

    private java.util.Optional<Timed> downOf(NodeId observer, NodeId node) {
        return find(observer, e -> e instanceof NodeDown && e.node().equals(node));
    }

    private java.util.Optional<Timed> upOf(NodeId observer, NodeId node) {
        return find(observer, e -> e instanceof NodeUp && e.node().equals(node));
    }

    private java.util.Optional<Timed> find(NodeId observer, Predicate<MembershipEvent> match) {
        return watch.events(observer).stream().filter(t -> match.test(t.event())).reduce((a, b) -> b);
    }

    private static List<NodeId> without(List<NodeId> nodes, NodeId gone) {
        List<NodeId> rest = new ArrayList<>(nodes);
        rest.remove(gone);
        return rest;
    }

    private void check(boolean condition, String what) {
        assertTrue(condition, () -> watch.describe() + what);
    }
}
