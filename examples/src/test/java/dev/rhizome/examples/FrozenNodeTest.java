package dev.rhizome.examples;

import static dev.rhizome.examples.TestNodes.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node frozen with SIGSTOP keeps its TCP connections open (the kernel still acknowledges), so only
 * the missing heartbeats can reveal it: this exercises the phi-accrual detector across processes,
 * where a SIGKILL is caught at once by the connection dropping.
 */
class FrozenNodeTest {

    /** Generous: this measures the detector under whatever else the machine is doing; the figures are printed. */
    private static final long BOUND_MS = 5_000;

    @Test
    void frozenNodeIsReportedFailedByHeartbeats() throws Exception {
        try (TestNodes nodes = new TestNodes("FrozenNodeTest")) {
            String cookie = UUID.randomUUID().toString();
            NodeProcess a = nodes.start("a", "--port", "0", "--cookie", cookie);
            String seed = awaitEvent(a, 0, "STARTED", f -> true, "EVENT STARTED")[3];
            NodeProcess b = nodes.start("b", "--port", "0", "--cookie", cookie, "--seeds", seed);
            NodeProcess frozen = nodes.start("frozen", "--port", "0", "--cookie", cookie, "--seeds", seed);
            for (NodeProcess node : List.of(a, b, frozen)) {
                awaitEvent(node, 0, "MEMBERS", f -> f[2].equals("a,b,frozen"), "a view of a,b,frozen");
            }
            int markA = a.mark();
            int markB = b.mark();
            long stoppedAt = signal("STOP", frozen);
            try {
                String[] onA = awaitEvent(a, markA, "DOWN", f -> f[2].equals("frozen"), "EVENT DOWN frozen");
                String[] onB = awaitEvent(b, markB, "DOWN", f -> f[2].equals("frozen"), "EVENT DOWN frozen");
                long detectedOnA = Long.parseLong(onA[6]) - stoppedAt;
                long detectedOnB = Long.parseLong(onB[6]) - stoppedAt;
                System.out.printf("SIGSTOP of 'frozen' detected after %d ms on a (%s) and %d ms on b (%s), bound %d ms%n",
                        detectedOnA, onA[5], detectedOnB, onB[5], BOUND_MS);
                assertEquals("failed", onA[5], "reason on a");
                assertEquals("failed", onB[5], "reason on b");
                assertTrue(detectedOnA < BOUND_MS, "detection on a took " + detectedOnA + " ms");
                assertTrue(detectedOnB < BOUND_MS, "detection on b took " + detectedOnB + " ms");
            } finally {
                frozen.kill(); // SIGKILL ends a stopped process too
            }
        }
    }

    private static long signal(String signal, NodeProcess node) throws Exception {
        long at = System.currentTimeMillis();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " failed");
        return at;
    }
}
