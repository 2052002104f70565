package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A channel with parallelism N opens N connections per peer, and a partition key keeps per-key FIFO. */
class ParallelismTest {

    private static final String BULK = "bulk";
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.parallel(BULK, 4));

    @Test
    void fourLanesPerPeerAndPerKeyFifo() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            assertEquals(4, a.transport().connectionCount(b.transport().self(), BULK));
            assertEquals(4, b.transport().connectionCount(a.transport().self(), BULK));
            assertEquals(5, a.transport().activeConnections(), "4 bulk lanes + 1 control");
            assertEquals(5, b.transport().activeConnections());
            assertEquals(Set.of(b.transport().self()), a.transport().peers(BULK));
            assertEquals(List.of("b/" + BULK, "b/" + ChannelSpec.CONTROL), a.listener().ups.stream().sorted().toList());

            int keys = 6;
            int perKey = 1500;
            for (int seq = 0; seq < perKey; seq++) {
                for (int key = 0; key < keys; key++) {
                    byte[] payload = ByteBuffer.allocate(12).putLong(key).putInt(seq).array();
                    a.transport().send(b.transport().self(), BULK, key, 0, payload);
                }
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> b.listener().dataCount.get() == keys * perKey);
            Map<Long, Integer> next = new HashMap<>();
            for (RecordingListener.Received r : b.listener().received) {
                ByteBuffer payload = ByteBuffer.wrap(r.payload());
                long key = payload.getLong();
                int seq = payload.getInt();
                int expected = next.getOrDefault(key, 0);
                assertEquals(expected, seq, "key " + key + " out of order");
                next.put(key, seq + 1);
            }
            assertEquals(keys, next.size());
            assertTrue(b.counter(BULK, "a", "messages-in") == 0, "messages-in is a meter, not a counter");
            assertEquals(keys * perKey, b.registry().getMeters().get("channel.bulk.peer.a.messages-in").getCount());
            assertEquals(keys * perKey, a.registry().getMeters().get("channel.bulk.peer.b.messages-out").getCount());
        }
    }

    @Test
    void sendsWithoutAKeyUseAllLanes() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            for (int i = 0; i < 400; i++) {
                a.transport().send(b.transport().self(), BULK, Transport.NO_KEY, 0, new byte[] {1});
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> b.listener().dataCount.get() == 400);
            assertTrue(a.counter(BULK, "b", "flushes") >= 4, "each lane flushed at least once");
        }
    }
}
