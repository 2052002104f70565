package dev.rhizome.examples;

import static dev.rhizome.examples.TestNodes.ask;
import static dev.rhizome.examples.TestNodes.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes, each in its own JVM, started with {@code rhizome node --stdin-commands}. The steps
 * share one cluster and run in order: converge, exchange messages, SIGKILL one and time its
 * detection, restart it under the same name, then let another leave with SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessClusterTest {

    private static final long DETECTION_BOUND_MS = 2_000;

    private static TestNodes nodes;
    private static List<String> common;
    private static NodeProcess a;
    private static NodeProcess b;
    private static NodeProcess c;
    private static String seed;

    @BeforeAll
    static void startThreeProcesses() {
        nodes = new TestNodes("ProcessClusterTest");
        common = List.of("--host", "127.0.0.1", "--cookie", UUID.randomUUID().toString(), "--channels", "chat,bulk:2");
        a = nodes.start("a", args("--port", "0"));
        seed = awaitEvent(a, 0, "STARTED", f -> true, "EVENT STARTED")[3];
        b = nodes.start("b", args("--port", "0", "--seeds", seed));
        c = nodes.start("c", args("--port", "0", "--seeds", seed));
    }

    private static String[] args(String... extra) {
        return java.util.stream.Stream.concat(common.stream(), java.util.Arrays.stream(extra)).toArray(String[]::new);
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
    void threeProcessesConverge() {
        for (NodeProcess node : List.of(a, b, c)) {
            awaitEvent(node, 0, "MEMBERS", f -> f[2].equals("a,b,c"), "a view of a,b,c");
            // Overlay.members() agrees with the events (asked until it does: the events may run ahead of it).
            org.awaitility.Awaitility.await(node.name() + ": members() is a,b,c").atMost(TestNodes.TIMEOUT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> ask(node, "members", "MEMBERS"), "MEMBERS a,b,c"::equals);
        }
    }

    @Test
    @Order(2)
    void messagesArriveOnEachChannelAndAreCounted() {
        assertEquals("SENT b chat ok=50 failed=0", ask(a, "send b chat 50", "SENT"));
        assertEquals("SENT b bulk ok=4 failed=0", ask(a, "send b bulk 4 100000", "SENT"));
        org.awaitility.Awaitility.await("b counts what a sent").atMost(TestNodes.TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> TestNodes.stats(b), s -> s.contains("STATS chat in=50 out=0") && s.contains("STATS bulk in=4 out=0"));
        List<String> statsOfA = TestNodes.stats(a);
        assertTrue(statsOfA.containsAll(List.of("STATS chat in=0 out=50", "STATS bulk in=0 out=4")), statsOfA::toString);
    }

    @Test
    @Order(3)
    void sigkilledNodeIsReportedDownOnEverySurvivorWithinTwoSeconds() {
        long incarnation = Long.parseLong(awaitEvent(c, 0, "STARTED", f -> true, "EVENT STARTED")[4]);
        int markA = a.mark();
        int markB = b.mark();
        long killedAt = c.kill();
        long detectedOnA = Long.parseLong(awaitEvent(a, markA, "DOWN", down(incarnation), "EVENT DOWN c")[6]) - killedAt;
        long detectedOnB = Long.parseLong(awaitEvent(b, markB, "DOWN", down(incarnation), "EVENT DOWN c")[6]) - killedAt;
        System.out.printf("SIGKILL of c detected after %d ms on a and %d ms on b (bound %d ms)%n",
                detectedOnA, detectedOnB, DETECTION_BOUND_MS);
        assertTrue(detectedOnA >= 0 && detectedOnA < DETECTION_BOUND_MS, "detection on a took " + detectedOnA + " ms");
        assertTrue(detectedOnB >= 0 && detectedOnB < DETECTION_BOUND_MS, "detection on b took " + detectedOnB + " ms");
        awaitEvent(a, markA, "MEMBERS", f -> f[2].equals("a,b"), "a view of a,b");
        awaitEvent(b, markB, "MEMBERS", f -> f[2].equals("a,b"), "a view of a,b");
        assertEquals(java.util.Optional.of(137), c.waitFor(TestNodes.TIMEOUT), "c's exit code after SIGKILL");
    }

    private static java.util.function.Predicate<String[]> down(long incarnation) {
        return f -> f[2].equals("c") && Long.parseLong(f[4]) == incarnation;
    }

    @Test
    @Order(4)
    void restartedNodeRejoinsEverywhereWithANewIncarnation() {
        String[] old = awaitEvent(c, 0, "STARTED", f -> true, "EVENT STARTED");
        long oldIncarnation = Long.parseLong(old[4]);
        String oldPort = old[3].substring(old[3].lastIndexOf(':') + 1);
        int markA = a.mark();
        int markB = b.mark();
        c = nodes.start("c", args("--port", oldPort, "--seeds", seed)); // same name, same address
        long newIncarnation = Long.parseLong(awaitEvent(c, 0, "STARTED", f -> true, "EVENT STARTED of the new c")[4]);
        assertTrue(newIncarnation > oldIncarnation, newIncarnation + " should be above " + oldIncarnation);
        for (NodeProcess survivor : List.of(a, b)) {
            int mark = survivor == a ? markA : markB;
            awaitEvent(survivor, mark, "UP", f -> f[2].equals("c") && Long.parseLong(f[4]) == newIncarnation,
                    "EVENT UP c with the new incarnation");
            awaitEvent(survivor, mark, "MEMBERS", f -> f[2].equals("a,b,c"), "a view of a,b,c");
        }
        awaitEvent(c, 0, "MEMBERS", f -> f[2].equals("a,b,c"), "a view of a,b,c");
        assertEquals("SENT a chat ok=10 failed=0", ask(c, "send a chat 10", "SENT"));
    }

    @Test
    @Order(5)
    void leavingNodeIsRemovedEverywhereWithReasonLeft() {
        int markA = a.mark();
        int markC = c.mark();
        b.terminate(); // SIGTERM: the shutdown hook leaves gracefully
        for (NodeProcess survivor : List.of(a, c)) {
            int mark = survivor == a ? markA : markC;
            String[] down = awaitEvent(survivor, mark, "DOWN", f -> f[2].equals("b"), "EVENT DOWN b");
            assertEquals("left", down[5], "the reason " + survivor.name() + " gives for b going down");
            awaitEvent(survivor, mark, "MEMBERS", f -> f[2].equals("a,c"), "a view of a,c");
        }
        assertEquals(java.util.Optional.of(143), b.waitFor(TestNodes.TIMEOUT), "b's exit code after SIGTERM");
        assertTrue(b.lines().stream().anyMatch(l -> l.startsWith("EVENT STOPPED b ")), () -> b.describe());
    }
}
