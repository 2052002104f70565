package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A burst of sends made on the event loop (from a receive callback) is written with one flush. */
class EventLoopBatchingTest {

    @Test
    void sendsFromAReceiveCallbackAreFlushedOncePerBurst() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            TestNodes.Node b = nodes.start("b", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            TestNodes.connectAndAwait(a, b);
            NodeId aId = a.transport().self();
            b.listener().onEachData = r -> {
                if (r.payload().length == 1) {
                    for (int i = 0; i < 256; i++) {
                        b.transport().send(aId, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[100]);
                    }
                }
            };
            long flushesBefore = b.counter(ChannelSpec.DEFAULT, "a", "flushes");
            for (int round = 0; round < 4; round++) {
                a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[1]);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> a.listener().countFrom("b", ChannelSpec.DEFAULT) == 1024);
            long flushes = b.counter(ChannelSpec.DEFAULT, "a", "flushes") - flushesBefore;
            assertTrue(flushes <= 8, "1024 sends in 4 bursts took " + flushes + " flushes");
        }
    }
}
