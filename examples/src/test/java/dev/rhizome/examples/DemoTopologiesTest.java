package dev.rhizome.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rhizome demo --topology T} on each topology: the same steps (start, converge, traffic on two
 * channels, SIGKILL and detection, restart under the same name, per-channel counts, graceful shutdown)
 * with each node in its own JVM, and the same node program, whatever the topology. Small clusters keep
 * it within the test budget.
 */
class DemoTopologiesTest {

    private record Run(int code, String out, String err) {}

    private static Run demo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0} with {1} nodes")
    @CsvSource({"fullmesh, 3, n2", "hyparview, 3, n2", "client-server, 4, n3", "static, 4, n2"})
    @Timeout(90)
    void theSameDemoRunsOnEveryTopology(String topology, int nodes, String victim) {
        Run run = demo("--topology", topology, "--nodes", Integer.toString(nodes), "--timeout-seconds", "20");
        String out = run.out();
        System.out.println(out);
        assertAll(
                () -> assertEquals(0, run.code(), out + run.err()),
                () -> assertTrue(out.contains("Demo finished"), out),
                () -> assertTrue(out.contains("== Failure detection: SIGKILL " + victim + " "), out),
                () -> assertTrue(out.contains("incarnation"), out),
                () -> assertTrue(out.contains("all " + nodes + " nodes left the cluster and exited with code 0"), out),
                () -> assertTrue(topology.equals("fullmesh") != out.contains("Topology: " + topology),
                        "the layout line is printed for every topology but the default: " + out));
    }

    @Test
    void anUnknownTopologyIsRefusedListingTheValidOnes() {
        Run run = demo("--topology", "ring");
        assertEquals(Main.EXIT_CONFIG, run.code());
        assertTrue(run.err().contains("fullmesh, hyparview, client-server, static"), run.err());
    }
}
