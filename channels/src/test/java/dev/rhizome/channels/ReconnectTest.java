package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer restarted on the same port is reconnected to, with backoff, and the reconnects are counted. */
class ReconnectTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void reconnectsAfterThePeerRestartsOnTheSamePort() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            TestNodes.exchange(a, b);
            int port = b.transport().self().port();

            b.transport().close();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.listener().downs.contains("b/" + ChannelSpec.DEFAULT));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.counter(ChannelSpec.DEFAULT, "b", "reconnects") >= 2);

            TestNodes.Node restarted = nodes.start(TestNodes.config("b", port, CHANNELS));
            TestNodes.awaitFullyConnected(a, restarted);
            TestNodes.exchange(a, restarted);
            assertTrue(a.counter(ChannelSpec.DEFAULT, "b", "reconnects") >= 2);

            a.transport().disconnect(restarted.transport().self());
            await().atMost(Duration.ofSeconds(5)).until(() -> a.transport().activeConnections() == 0);
            long reconnects = a.counter(ChannelSpec.DEFAULT, "b", "reconnects");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> a.transport().activeConnections() == 0
                            && a.counter(ChannelSpec.DEFAULT, "b", "reconnects") == reconnects);
        }
    }
}
