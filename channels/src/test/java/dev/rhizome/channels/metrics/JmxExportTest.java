package dev.rhizome.channels.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Metric names become structured ObjectNames in the platform MBean server. */
class JmxExportTest {

    @Test
    void channelAndNodeMetricsAppearAsStructuredMBeans() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        MetricsCatalog catalog = new MetricsCatalog(registry);
        ChannelMetrics metrics = catalog.of("rhizome.control", "node-b");
        metrics.failedSends.inc(3);
        registry.counter("node.failed-sends").inc();
        ObjectName channelName = new ObjectName(
                "dev.rhizome:type=Channel,node=jmx-a,channel=rhizome.control,peer=node-b,name=failed-sends");
        ObjectName nodeName = new ObjectName("dev.rhizome:type=Node,node=jmx-a,name=failed-sends");
        try (AutoCloseable exporter = JmxMetricsExporter.start(registry, "jmx-a", server)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isRegistered(channelName));
            assertEquals(3L, server.getAttribute(channelName, "Count"));
            assertEquals(1L, server.getAttribute(nodeName, "Count"));
            ObjectName gauge = new ObjectName(
                    "dev.rhizome:type=Channel,node=jmx-a,channel=rhizome.control,peer=node-b,name=queue-depth");
            assertEquals(0L, server.getAttribute(gauge, "Value"));
            // 12 counters and meters per (channel, peer), coalesced included, + the queue-depth gauge
            assertEquals(13, server.queryNames(new ObjectName("dev.rhizome:type=Channel,node=jmx-a,*"), null).size());
            catalog.of("default", ChannelMetrics.UNAUTHENTICATED).handshakeFailures.inc();
            assertTrue(server.isRegistered(new ObjectName(
                    "dev.rhizome:type=Channel,node=jmx-a,channel=default,peer=unauthenticated,name=handshake-failures")));
        }
        assertFalse(server.isRegistered(channelName));
    }

    @Test
    void valuesAreQuotedOnlyWhenNeeded() throws Exception {
        RhizomeObjectNameFactory factory = new RhizomeObjectNameFactory("node:1");
        ObjectName name = factory.createName("counters", "dev.rhizome", "channel.a.peer.b.bytes-in");
        assertEquals("\"node:1\"", name.getKeyProperty("node"));
        assertEquals("a", name.getKeyProperty("channel"));
        assertEquals("bytes-in", name.getKeyProperty("name"));
        assertEquals("Node", new RhizomeObjectNameFactory("n").createName("gauges", "dev.rhizome",
                "node.active-connections").getKeyProperty("type"));
    }
}
