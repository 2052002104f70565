package dev.rhizome.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.metrics.JmxMetricsExporter;
import dev.rhizome.overlay.ChannelSpec;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** A running transport's metrics are visible over JMX. */
class TransportJmxTest {

    @Test
    void liveTransportMetricsAreMBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("jmx-live-a", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            TestNodes.Node b = nodes.start("jmx-live-b", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            try (AutoCloseable exporter = JmxMetricsExporter.start(a.registry(), "jmx-live-a", server)) {
                TestNodes.connectAndAwait(a, b);
                TestNodes.exchange(a, b);
                ObjectName out = new ObjectName("dev.rhizome:type=Channel,node=jmx-live-a,channel=default,"
                        + "peer=jmx-live-b,name=messages-out");
                assertTrue((Long) server.getAttribute(out, "Count") >= 1);
                ObjectName bytesIn = new ObjectName("dev.rhizome:type=Channel,node=jmx-live-a,channel=default,"
                        + "peer=jmx-live-b,name=bytes-in");
                assertTrue((Long) server.getAttribute(bytesIn, "Count") >= 1);
                ObjectName active = new ObjectName("dev.rhizome:type=Node,node=jmx-live-a,name=active-connections");
                assertEquals(2, server.getAttribute(active, "Value"));
            }
        }
    }
}
