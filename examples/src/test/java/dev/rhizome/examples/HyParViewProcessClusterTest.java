package dev.rhizome.examples;

import static dev.rhizome.examples.TestNodes.ask;
import static dev.rhizome.examples.TestNodes.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * HyParView across three JVMs ({@code rhizome node --topology hyparview --stdin-commands}), issue 3's
 * "Real clusters". The steps share one cluster and run in order: the three form one overlay; one is
 * SIGKILLed and, within 10 s, the two survivors have dropped it and broadcasts from each reach both;
 * then it restarts under the same name and address, rejoins, and broadcasts reach all three again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HyParViewProcessClusterTest {

    private static final long REPAIR_BOUND_MS = 10_000;

    private static TestNodes nodes;
    private static List<String> common;
    private static NodeProcess a;
    private static NodeProcess b;
    private static NodeProcess c;
    private static String seed;

    @BeforeAll
    static void startThreeProcesses() {
        nodes = new TestNodes("HyParViewProcessClusterTest");
        common = List.of("--host", "127.0.0.1", "--cookie", UUID.randomUUID().toString(), "--topology", "hyparview",
                "--channels", "chat", "--set", "hyparview.shuffle-interval-ms=1000",
                "--set", "hyparview.neighbor-timeout-ms=1000");
        a = nodes.start("a", args("--port", "0"));
        seed = awaitEvent(a, 0, "STARTED", f -> true, "EVENT STARTED")[3];
        b = nodes.start("b", args("--port", "0", "--seeds", seed));
        c = nodes.start("c", args("--port", "0", "--seeds", seed));
    }

    private static String[] args(String... extra) {
        return Stream.concat(common.stream(), Stream.of(extra)).toArray(String[]::new);
    }

    @AfterAll
    static void stopAndCheckForLeaks() {
        if (nodes != null) {
            nodes.close();
            assertEquals(List.of(), nodes.leaks(), "Netty buffer leaks reported by the nodes");
        }
    }

    @Test
    @Order(1)
    void threeProcessesFormOneOverlay() {
        for (NodeProcess node : List.of(a, b, c)) {
            awaitEvent(node, 0, "MEMBERS", f -> f[2].equals("a,b,c"), "an active view of the other two");
        }
        assertEquals("BROADCAST hello-from-a", ask(a, "broadcast hello-from-a", "BROADCAST"));
        for (NodeProcess node : List.of(a, b, c)) {
            awaitEvent(node, 0, "BROADCAST", f -> f[2].equals("a") && f[3].equals("hello-from-a"), "a's broadcast");
        }
    }

    @Test
    @Order(2)
    void survivorsOfASigkillRepairAndBroadcastsReachBothWithin10Seconds() {
        int markA = a.mark();
        int markB = b.mark();
        long killedAt = c.kill();
        for (NodeProcess survivor : List.of(a, b)) {
            int mark = survivor == a ? markA : markB;
            awaitEvent(survivor, mark, "DOWN", f -> f[2].equals("c"), "EVENT DOWN c");
            awaitEvent(survivor, mark, "MEMBERS", f -> f[2].equals("a,b"), "an active view of the other survivor");
        }
        assertEquals("BROADCAST after-kill-from-a", ask(a, "broadcast after-kill-from-a", "BROADCAST"));
        assertEquals("BROADCAST after-kill-from-b", ask(b, "broadcast after-kill-from-b", "BROADCAST"));
        long lastDelivery = 0;
        for (NodeProcess survivor : List.of(a, b)) {
            int mark = survivor == a ? markA : markB;
            for (String origin : List.of("a", "b")) {
                String[] event = awaitEvent(survivor, mark, "BROADCAST",
                        f -> f[2].equals(origin) && f[3].equals("after-kill-from-" + origin), origin + "'s broadcast");
                lastDelivery = Math.max(lastDelivery, Long.parseLong(event[4]));
            }
        }
        for (NodeProcess survivor : List.of(a, b)) {
            for (String origin : List.of("a", "b")) {
                String line = "EVENT BROADCAST " + origin + " after-kill-from-" + origin + " ";
                assertEquals(1, survivor.lines().stream().filter(l -> l.startsWith(line)).count(),
                        survivor.name() + " delivered " + origin + "'s broadcast once");
            }
        }
        long repairMillis = lastDelivery - killedAt;
        System.out.printf("SIGKILL of c: both broadcasts reached both survivors %d ms after the kill (bound %d ms)%n",
                repairMillis, REPAIR_BOUND_MS);
        assertTrue(repairMillis >= 0 && repairMillis < REPAIR_BOUND_MS, "the broadcasts arrived " + repairMillis
                + " ms after the kill");
        assertEquals(Optional.of(137), c.waitFor(TestNodes.TIMEOUT), "c's exit code after SIGKILL");
    }

    @Test
    @Order(3)
    void restartedNodeRejoinsAndBroadcastsReachAllThree() {
        String[] old = awaitEvent(c, 0, "STARTED", f -> true, "EVENT STARTED");
        long oldIncarnation = Long.parseLong(old[4]);
        String oldPort = old[3].substring(old[3].lastIndexOf(':') + 1);
        int markA = a.mark();
        int markB = b.mark();
        c = nodes.start("c", args("--port", oldPort, "--seeds", seed)); // same name, same address
        long incarnation = Long.parseLong(awaitEvent(c, 0, "STARTED", f -> true, "EVENT STARTED of the new c")[4]);
        assertTrue(incarnation > oldIncarnation, incarnation + " should be above " + oldIncarnation);
        for (NodeProcess survivor : List.of(a, b)) {
            int mark = survivor == a ? markA : markB;
            awaitEvent(survivor, mark, "UP", f -> f[2].equals("c") && Long.parseLong(f[4]) == incarnation,
                    "EVENT UP c with the new incarnation");
            awaitEvent(survivor, mark, "MEMBERS", f -> f[2].equals("a,b,c"), "an active view of the other two");
        }
        awaitEvent(c, 0, "MEMBERS", f -> f[2].equals("a,b,c"), "an active view of the other two");
        assertEquals("BROADCAST back-from-c", ask(c, "broadcast back-from-c", "BROADCAST"));
        for (NodeProcess node : List.of(a, b, c)) {
            int mark = node == a ? markA : node == b ? markB : 0;
            awaitEvent(node, mark, "BROADCAST", f -> f[2].equals("c") && f[3].equals("back-from-c"), "c's broadcast");
        }
    }
}
