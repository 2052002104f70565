package dev.rhizome.hyparview.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimMainTest {

    @Test
    void jsonHasTheDocumentedFieldsAndProgressGoesToStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimMain.run(new String[] {"hyparview", "--nodes", "100", "--failure", "0.3", "--broadcasts", "10",
                "--seed", "9", "--cycles", "10", "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
        for (String field : new String[] {"nodes", "failure", "seed", "reliability", "avgShortestPath",
                "clusteringCoefficient", "maxHops", "elapsedMillis"}) {
            assertTrue(json.contains("\"" + field + "\":"), field + " missing from " + json);
        }
        assertTrue(json.contains("\"nodes\":100"), json);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cycle 10/10"));
    }

    @Test
    void aBadOptionExplainsItselfWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimMain.run(new String[] {"hyparview", "--failure", "1.5"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("failure"), err.toString(StandardCharsets.UTF_8));
    }
}
