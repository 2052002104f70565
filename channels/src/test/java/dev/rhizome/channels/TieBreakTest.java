package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.overlay.ChannelSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

/** Both sides dial each other at once: exactly one connection per lane survives, and data flows. */
class TieBreakTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.parallel(ChannelSpec.DEFAULT, 2));

    @RepeatedTest(3)
    void simultaneousDialsLeaveOneConnectionPerLane() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            Thread other = Thread.ofPlatform().start(() -> b.transport().connect(a.transport().self()));
            a.transport().connect(b.transport().self());
            joinQuietly(other);
            TestNodes.awaitFullyConnected(a, b);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                    .until(() -> a.transport().activeConnections() == 3 && b.transport().activeConnections() == 3);
            assertEquals(2, a.transport().connectionCount(b.transport().self(), ChannelSpec.DEFAULT));
            assertEquals(2, b.transport().connectionCount(a.transport().self(), ChannelSpec.DEFAULT));
            for (int i = 0; i < 100; i++) {
                a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, i, 0, new byte[] {(byte) i});
                b.transport().send(a.transport().self(), ChannelSpec.DEFAULT, i, 0, new byte[] {(byte) i});
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> a.listener().dataCount.get() == 100
                    && b.listener().dataCount.get() == 100);
            assertEquals(0, a.sum("handshake-failures") + b.sum("handshake-failures"));
            assertEquals(0, a.sum("failed-sends") + b.sum("failed-sends"));
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
