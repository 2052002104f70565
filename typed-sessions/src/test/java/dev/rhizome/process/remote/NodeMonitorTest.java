package dev.rhizome.process.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.process.NodeDown;
import dev.rhizome.process.Probe;
import dev.rhizome.process.ProcessNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Erlang's {@code monitor_node/2}: one {@code nodedown} per monitor, at once for a node out of view. */
class NodeMonitorTest {

    @Test
    void aNodeOutOfViewGivesNodedownAtOnce() {
        try (Cluster cluster = Cluster.of("na")) {
            ProcessNode a = cluster.get(0).processes();
            Probe probe = Probe.start(a);
            probe.run(a, self -> self.monitorNode("nowhere", true));
            assertEquals(new NodeDown("nowhere"), probe.expect(NodeDown.class));
            probe.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void eachMonitorFiresOnceWhenTheNodeIsLost() {
        try (Cluster cluster = Cluster.of("nb", "nc")) {
            ProcessNode b = cluster.get(0).processes();
            Probe twice = Probe.start(b);
            twice.run(b, self -> {
                self.monitorNode("nc", true);
                self.monitorNode("nc", true);
            });
            Probe offAgain = Probe.start(b);
            offAgain.run(b, self -> {
                self.monitorNode("nc", true);
                self.monitorNode("nc", false);
            });
            Probe own = Probe.start(b);
            own.run(b, self -> self.monitorNode("nb", true));
            twice.expectNothing(Duration.ofMillis(200));

            cluster.halt(1);

            assertEquals(new NodeDown("nc"), twice.expect(NodeDown.class));
            assertEquals(new NodeDown("nc"), twice.expect(NodeDown.class));
            twice.expectNothing(Duration.ofMillis(300));
            offAgain.expectNothing(Duration.ofMillis(100));
            own.expectNothing(Duration.ofMillis(100));

            // the monitor was used up: a new one on the lost node fires at once
            twice.run(b, self -> self.monitorNode("nc", true));
            assertEquals(new NodeDown("nc"), twice.expect(NodeDown.class));
        }
    }

    @Test
    void aNodeThatIsNotDistributedSeesEveryOtherNodeAsDown() {
        try (ProcessNode local = ProcessNode.local("solo")) {
            Probe probe = Probe.start(local);
            probe.run(local, self -> {
                self.monitorNode("solo", true);
                self.monitorNode("other", true);
            });
            assertEquals(new NodeDown("other"), probe.expect(NodeDown.class));
            probe.expectNothing(Duration.ofMillis(200));
        }
    }
}
