package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Compression;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Options declared once, on {@link ChannelSpec}, take effect in the transport (no {@code ChannelOptions}
 * map), and a guarantee can be chosen per send on a channel whose default is another one.
 */
class ChannelSpecOptionsTest {

    private static final String PLAIN = "plain";
    private static final String ORDERS = "orders";
    private static final String TEXT = "text";
    private static final List<ChannelSpec> CHANNELS = List.of(
            ChannelSpec.of(PLAIN),
            ChannelSpec.of(ORDERS).withDelivery(DeliveryGuarantee.EFFECTIVELY_ONCE, 64),
            ChannelSpec.of(TEXT).withCompression(Compression.SNAPPY, 512));
    private static final int MESSAGES = 400;

    @Test
    void optionsDeclaredOnTheSpecApply() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            assertEquals(DeliveryGuarantee.EFFECTIVELY_ONCE, a.transport().config().options(ORDERS).delivery());
            assertTrue(a.transport().config().options(TEXT).compresses(512));
            TestNodes.connectAndAwait(a, b);
            NodeId bId = b.transport().self();

            // compression from the spec: a repetitive 20 KB text goes compressed
            byte[] text = "all work and no play makes jack a dull boy. ".repeat(500).getBytes(StandardCharsets.UTF_8);
            a.transport().send(bId, TEXT, Transport.NO_KEY, 0, text).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(b, TEXT) == 1);
            long wire = a.registry().counter("channel." + TEXT + ".peer.b.bytes-out").getCount();
            assertTrue(wire < text.length / 5, "compressed on the wire: " + wire + " bytes for " + text.length);

            // effectively-once from the spec: a send's future completes on the acknowledgement, and a
            // connection reset in the middle neither loses nor duplicates anything
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                futures.add(sendWhenRoom(a, bId, ORDERS, i, null));
                if (i == MESSAGES / 2) {
                    a.transport().faults().resetConnections(bId);
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(b, ORDERS) >= MESSAGES);
            assertEquals(MESSAGES, count(b, ORDERS), "nothing lost, nothing twice");
            assertEquals(MESSAGES, distinct(b, ORDERS));
        }
    }

    @Test
    void aGuaranteeChosenPerSendOverridesTheChannelDefault() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            NodeId bId = b.transport().self();
            // every frame to b on the plain channel is sent twice: only the de-duplicated sends arrive once
            a.transport().faults().duplicate(m -> m.channel().equals(PLAIN));
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                futures.add(sendWhenRoom(a, bId, PLAIN, i, DeliveryGuarantee.EFFECTIVELY_ONCE));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(b, PLAIN) >= MESSAGES);
            assertEquals(MESSAGES, distinct(b, PLAIN));
            assertEquals(MESSAGES, count(b, PLAIN), "effectively-once sends were de-duplicated");
            assertTrue(b.counter(PLAIN, "a", "duplicates-dropped") >= MESSAGES, "the copies were dropped by the receiver");

            // at-least-once sends on the same channel and sequence: duplicates reach the listener
            for (int i = MESSAGES; i < 2 * MESSAGES; i++) {
                sendWhenRoom(a, bId, PLAIN, i, DeliveryGuarantee.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> distinct(b, PLAIN) == 2 * MESSAGES);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(b, PLAIN) >= 3 * MESSAGES);

            // an at-most-once send on an effectively-once channel carries no sequence number: its copy arrives
            a.transport().faults().clear();
            a.transport().faults().duplicate(m -> m.channel().equals(ORDERS));
            a.transport().send(bId, ORDERS, Transport.NO_KEY, 7, new byte[] {1}, DeliveryGuarantee.AT_MOST_ONCE)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.listener().received.stream()
                    .filter(r -> r.channel().equals(ORDERS) && r.codecId() == 7).count() == 2);
        }
    }

    /** Sends message {@code i}; a full reliable window fails at once with BACKPRESSURE, so retry until taken. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Void> sendWhenRoom(TestNodes.Node a, NodeId to, String channel, int i,
            DeliveryGuarantee guarantee) {
        byte[] payload = ByteBuffer.allocate(4).putInt(i).array();
        CompletableFuture<?>[] taken = new CompletableFuture<?>[1];
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(20)).until(() -> {
            taken[0] = (guarantee == null ? a.transport().send(to, channel, Transport.NO_KEY, 0, payload)
                    : a.transport().send(to, channel, Transport.NO_KEY, 0, payload, guarantee)).toCompletableFuture();
            return !taken[0].isCompletedExceptionally();
        });
        return (CompletableFuture<Void>) taken[0];
    }

    private static long count(TestNodes.Node node, String channel) {
        return node.listener().received.stream().filter(r -> r.channel().equals(channel) && r.codecId() == 0).count();
    }

    private static long distinct(TestNodes.Node node, String channel) {
        return node.listener().received.stream().filter(r -> r.channel().equals(channel) && r.codecId() == 0)
                .mapToInt(r -> ByteBuffer.wrap(r.payload()).getInt()).distinct().count();
    }
}
