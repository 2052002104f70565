package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.internal.ConnectionManager;
import dev.rhizome.channels.metrics.JmxMetricsExporter;
import dev.rhizome.overlay.ChannelSpec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a peer that has gone are removed, MBeans included, once the retention
 * (twelve times {@code reconnect-max-ms}: 2.4 s in these tests) has passed; a peer that is still
 * wanted keeps them while it is being reconnected to.
 */
class PeerMetricsRetentionTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    private static long metricsAbout(TestNodes.Node node, String peer) {
        return node.registry().getNames().stream().filter(n -> n.contains(".peer." + peer + ".")).count();
    }

    @Test
    void aDisconnectedPeersMetricsAndMBeansGoAfterTheRetention() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("retain-a", CHANNELS);
            TestNodes.Node b = nodes.start("retain-b", CHANNELS);
            assertEquals(Duration.ofMillis(2400), ConnectionManager.peerMetricsRetention(a.transport().config()));
            try (AutoCloseable exporter = JmxMetricsExporter.start(a.registry(), "retain-a", server)) {
                TestNodes.connectAndAwait(a, b);
                TestNodes.exchange(a, b);
                ObjectName out = new ObjectName("dev.rhizome:type=Channel,node=retain-a,channel=default,"
                        + "peer=retain-b,name=messages-out");
                assertTrue(server.isRegistered(out));
                a.transport().disconnect(b.transport().self());
                b.transport().shutdown(Duration.ofMillis(200)).toCompletableFuture().get();
                await().atMost(Duration.ofSeconds(15)).until(() -> metricsAbout(a, "retain-b") == 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> !server.isRegistered(out));
            }
        }
    }

    @Test
    void aPeerStillWantedKeepsItsMetricsWhileItIsDown() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("retain-c", CHANNELS);
            TestNodes.Node b = nodes.start("retain-d", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            TestNodes.exchange(a, b);
            b.transport().shutdown(Duration.ofMillis(200)).toCompletableFuture().get();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.transport().connectionCount(b.transport().self(), ChannelSpec.DEFAULT) == 0);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> a.counter(ChannelSpec.DEFAULT, "retain-d", "bytes-out") > 0);
        }
    }
}
