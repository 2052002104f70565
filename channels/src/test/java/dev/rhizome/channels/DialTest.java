package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dialing a seed by address learns its identity; a dead address is reported. */
class DialTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void dialingASeedReportsItsRealIdentity() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node seed = nodes.start("seed", CHANNELS);
            a.transport().dial(seed.address());
            await().atMost(Duration.ofSeconds(5)).until(() -> a.listener().upPeers.contains(seed.transport().self()));
            assertEquals(List.of("seed/" + ChannelSpec.CONTROL), a.listener().ups);
            assertEquals(1, a.transport().connectionCount(seed.transport().self(), ChannelSpec.CONTROL));
            await().atMost(Duration.ofSeconds(5)).until(() -> seed.listener().ups.contains("a/" + ChannelSpec.CONTROL));
            a.transport().send(seed.transport().self(), ChannelSpec.CONTROL, Transport.NO_KEY, 9, new byte[] {42});
            await().atMost(Duration.ofSeconds(5)).until(() -> seed.listener().countFrom("a", ChannelSpec.CONTROL) == 1);
            assertEquals(9, seed.listener().received.peek().codecId());
        }
    }

    @Test
    void dialingADeadAddressIsReported() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            a.transport().dial(new InetSocketAddress(TestNodes.HOST, port));
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.listener().dialFailures.isEmpty());
            assertTrue(a.listener().dialFailures.get(0).contains("cannot connect"), a.listener().dialFailures.toString());
        }
    }
}
