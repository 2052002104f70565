package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.overlay.ChannelSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection that replaces one still closing on its lane is reported: the listener hears the
 * channel go down and come up again, and the old connection's close, when it finally happens, adds
 * nothing.
 */
class ReplacedConnectionEventsTest {

    private static long count(List<String> events, String event) {
        return events.stream().filter(event::equals).count();
    }

    @Test
    void aConnectionReplacingAClosingOneFiresDownThenUp() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("replace-a", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            TestNodes.Node b = nodes.start("replace-b", List.of(ChannelSpec.of(ChannelSpec.DEFAULT)));
            TestNodes.connectAndAwait(a, b);
            String event = "replace-b/" + ChannelSpec.DEFAULT;
            assertEquals(1, count(a.listener().ups, event));

            // a backlog drained at 64 KiB/s keeps a's connection closing for seconds
            a.transport().faults().bandwidthCap(64 << 10);
            a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[256 << 10]);
            a.transport().disconnect(b.transport().self());
            try (RogueClient again = new RogueClient(b.transport().self())) {
                again.connect(a.address(), ChannelSpec.DEFAULT, 0); // b dials back before the close is done

                await().atMost(Duration.ofSeconds(10)).until(() -> count(a.listener().ups, event) == 2);
                assertEquals(1, count(a.listener().downs, event), "the down comes before the second up");
                a.transport().faults().bandwidthCap(0);
                await().atMost(Duration.ofSeconds(15)).until(() -> a.transport().activeConnections() == 1);
                assertEquals(1, a.transport().connectionCount(b.transport().self(), ChannelSpec.DEFAULT));
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> count(a.listener().downs, event) == 1);
            }
        }
    }
}
