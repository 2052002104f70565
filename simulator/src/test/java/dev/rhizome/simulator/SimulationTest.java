package dev.rhizome.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.simulator.fixture.Ping;
import dev.rhizome.simulator.fixture.PingProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator's contract, checked with a protocol that just pings. Messages name the seed. */
class SimulationTest {

    private static Simulation simulation(long seed, NetworkConditions conditions) {
        return new Simulation(seed, conditions, PingProtocol::new, Map.of());
    }

    private static PingProtocol ping(Simulation sim, NodeId node) {
        return sim.protocol(node, PingProtocol.class);
    }

    /** Ten nodes all join node 0, then a few random extra pings; returns the trace fingerprint. */
    private static long busyRun(long seed) {
        Simulation sim = simulation(seed, NetworkConditions.defaults().withLatency(LatencyModel.uniform(1, 20)));
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(sim.start("n" + i));
        }
        for (NodeId node : nodes.subList(1, nodes.size())) {
            sim.join(node, nodes.get(0));
        }
        sim.runFor(50);
        sim.crash(nodes.get(3));
        sim.runFor(500);
        return sim.trace().value();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 99, 20261122})
    void theSameSeedReplaysTheSameRunEventForEvent(long seed) {
        long first = busyRun(seed);
        assertEquals(first, busyRun(seed), "seed " + seed + ": two runs differ");
        assertNotEquals(first, busyRun(seed + 1), "seed " + seed + ": a different seed gave the same trace");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 4})
    void eachDirectionIsFifoWhateverTheLatency(long seed) {
        Simulation sim = simulation(seed, NetworkConditions.defaults().withLatency(LatencyModel.uniform(1, 50)));
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(200);
        for (int i = 0; i < 20; i++) {
            sim.invoke(a, PingProtocol.class, p -> p.ping(b));
        }
        sim.runFor(2_000);
        List<Integer> received = ping(sim, b).pingsFrom(a);
        assertEquals(PingProtocol.BURST + 20, received.size(), "seed " + seed);
        assertEquals(IntStream.rangeClosed(1, received.size()).boxed().toList(), received, "seed " + seed + ": out of order");
    }

    @Test
    void everyMessageRoundTripsThroughProtoStreamWhenWireCheckIsOn() {
        Simulation sim = simulation(5, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(100);
        Input.Received first = ping(sim, b).inputs().stream().filter(Input.Received.class::isInstance)
                .map(Input.Received.class::cast).findFirst().orElseThrow();
        assertEquals(new Ping(1, false), first.message());
        assertTrue(sim.messagesDelivered() >= 2L * PingProtocol.BURST);
    }

    @Test
    void aGracefulCloseDeliversWhatWasSentThenTheDown() {
        Simulation sim = simulation(6, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(100);
        sim.invoke(a, PingProtocol.class, p -> p.pingAndClose(b));
        sim.runFor(100);
        List<Input> atB = ping(sim, b).inputs();
        Input last = atB.get(atB.size() - 1);
        assertEquals(new Input.ConnectionDown(a), last);
        assertTrue(atB.get(atB.size() - 2) instanceof Input.Received r && r.message() instanceof Ping p
                && p.number() == PingProtocol.BURST + 1, "the ping sent before the close arrives first: " + atB);
        assertFalse(sim.connected(a, b));
        assertTrue(ping(sim, a).inputs().contains(new Input.ConnectionDown(b)), "the closing side hears its own close");
    }

    @Test
    void aResetCrashIsNoticedByEveryPeerWithoutSending() {
        Simulation sim = simulation(7, NetworkConditions.defaults().withCrashNotice(CrashNotice.RESET));
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        NodeId c = sim.start("c");
        sim.join(b, a);
        sim.join(c, a);
        sim.runFor(100);
        sim.crash(a);
        sim.runFor(100);
        assertEquals(Set.of(), ping(sim, b).up());
        assertEquals(Set.of(), ping(sim, c).up());
        assertThrows(IllegalArgumentException.class, () -> sim.join(a, b), "a crashed node takes no commands");
    }

    @Test
    void aSilentCrashIsNoticedOnlyBySending() {
        Simulation sim = simulation(8, NetworkConditions.defaults().withCrashNotice(CrashNotice.ON_SEND));
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        NodeId c = sim.start("c");
        sim.join(b, a);
        sim.join(c, a);
        sim.runFor(100);
        sim.crash(a);
        sim.runFor(1_000);
        assertEquals(Set.of(a), ping(sim, b).up(), "nothing said, nothing noticed");
        sim.invoke(b, PingProtocol.class, p -> p.ping(a));
        sim.runFor(100);
        assertEquals(Set.of(), ping(sim, b).up(), "the failed write reveals the crash");
        assertEquals(Set.of(a), ping(sim, c).up(), "c has not sent, so c still does not know");
    }

    @Test
    void aPartitionCutsConnectionsAndDialsAndHealingLetsWantedConnectionsBack() {
        Simulation sim = simulation(9, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(100);
        sim.invoke(a, PingProtocol.class, p -> p.connect(b));
        sim.partition(Set.of(a));
        sim.runFor(100);
        assertFalse(sim.connected(a, b));
        sim.join(a, b);
        sim.runFor(2_000);
        assertTrue(ping(sim, a).inputs().stream().anyMatch(i -> i instanceof Input.DialFailed f
                && f.reason().contains("timed out")), "a dial across the cut times out");
        sim.heal();
        sim.runFor(5_000);
        assertTrue(sim.connected(a, b), "the runtime redials the wanted connection after healing");
        assertEquals(Set.of(b), ping(sim, a).up());
    }

    @Test
    void aFrozenNodeKeepsItsConnectionsAndHandlesWhatWaitedWhenThawed() {
        Simulation sim = simulation(12, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        NodeId c = sim.start("c");
        sim.join(a, b);
        sim.runFor(100);
        sim.freeze(b);
        assertTrue(sim.isFrozen(b));
        int before = ping(sim, b).inputs().size();
        sim.invoke(a, PingProtocol.class, p -> p.ping(b));
        sim.join(c, b);
        sim.runFor(2_000);
        assertTrue(sim.connected(a, b) && sim.connected(b, a), "the hung node's connection stays open");
        assertEquals(before, ping(sim, b).inputs().size(), "a frozen node handles nothing");
        assertFalse(sim.connected(c, b), "no new connection completes to a frozen node");
        assertTrue(ping(sim, c).inputs().stream().anyMatch(i -> i instanceof Input.DialFailed f
                && f.reason().contains("timed out")), "a dial to a frozen node times out");

        sim.thaw(b);
        assertFalse(sim.isFrozen(b));
        assertEquals(List.of(PingProtocol.BURST + 1), ping(sim, b).pingsFrom(a).subList(PingProtocol.BURST, PingProtocol.BURST + 1),
                "the waiting ping is handled at once on thaw");
        assertTrue(ping(sim, b).inputs().stream().anyMatch(i -> i instanceof Input.TimerFired), "late timers fire on thaw");
        sim.runFor(100);
        assertEquals(PingProtocol.BURST + 1, ping(sim, a).inputs().stream().filter(i -> i instanceof Input.Received r
                && r.message() instanceof dev.rhizome.simulator.fixture.Ping p && p.echo()).count(),
                "the thawed node answers what waited");
    }

    @Test
    void aFrozenIncarnationCanBeReplacedByARestart() {
        Simulation sim = simulation(13, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(100);
        sim.freeze(b);
        NodeId again = sim.restart("b");
        assertEquals(b.incarnation() + 1, again.incarnation());
        assertTrue(sim.isRunning(b) && sim.isFrozen(b), "the hung incarnation keeps hanging");
        assertTrue(sim.connected(a, b), "with its connections");
        sim.join(a, again);
        sim.runFor(100);
        assertTrue(sim.connected(a, again), "the address now reaches the new incarnation");
    }

    @Test
    void aRestartIsANewIncarnationAtTheSameAddress() {
        Simulation sim = simulation(10, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.crash(a);
        NodeId again = sim.restart("a");
        assertEquals(a.address(), again.address());
        assertEquals(a.incarnation() + 1, again.incarnation());
        assertFalse(sim.isRunning(a));
        sim.join(b, a);
        sim.runFor(100);
        assertEquals(Set.of(again), ping(sim, b).up(), "dialling the old address reaches the new incarnation");
    }

    @Test
    void lossDropsAboutTheConfiguredShare() {
        Simulation sim = simulation(11, NetworkConditions.defaults().withLossRate(0.5));
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        sim.runFor(100);
        for (int i = 0; i < 1_000; i++) {
            sim.invoke(a, PingProtocol.class, p -> p.ping(b));
        }
        sim.runFor(1_000);
        int arrived = ping(sim, b).pingsFrom(a).size() - PingProtocol.BURST;
        assertTrue(arrived > 400 && arrived < 600, "seed 11: " + arrived + " of 1,000 pings arrived");
    }

    @Test
    void runUntilQuietStopsWhenOnlyBackgroundWorkIsLeft() {
        Simulation sim = simulation(12, NetworkConditions.defaults());
        NodeId a = sim.start("a");
        NodeId b = sim.start("b");
        sim.join(a, b);
        assertFalse(sim.runUntilQuiet(0), "work is pending right after the join");
        assertTrue(sim.runUntilQuiet(10_000));
        assertEquals(0, sim.pendingEvents());
    }
}
