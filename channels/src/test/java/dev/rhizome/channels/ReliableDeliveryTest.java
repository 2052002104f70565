package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reliable channels across connection resets (fault injection, RST): at-least-once (two lanes, keyed,
 * a window of 256 that {@code sendBlocking} waits on) loses nothing; effectively-once loses nothing and
 * delivers nothing twice, and every one of its futures completes (on acknowledgement); its window of 64
 * is small, so acknowledgements lost in the resets leave gaps that the window has to bound.
 */
class ReliableDeliveryTest {

    private static final String ALO = "alo";
    private static final String EO = "eo";
    private static final int MESSAGES = 3000;
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.parallel(ALO, 2), ChannelSpec.of(EO));
    private static final Map<String, ChannelOptions> OPTIONS = Map.of(
            ALO, ChannelOptions.DEFAULT.withDelivery(DeliveryGuarantee.AT_LEAST_ONCE, 256),
            EO, ChannelOptions.DEFAULT.withDelivery(DeliveryGuarantee.EFFECTIVELY_ONCE, 64));

    @Test
    @SuppressWarnings("unchecked")
    void nothingLostAcrossResetsAndNothingDuplicatedWithDedup() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS, c -> c.withChannelOptions(OPTIONS));
            TestNodes.Node b = nodes.start("b", CHANNELS, c -> c.withChannelOptions(OPTIONS));
            TestNodes.connectAndAwait(a, b);
            NodeId bId = b.transport().self();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) {
                        byte[] payload = ByteBuffer.allocate(4).putInt(i).array();
                        a.transport().sendBlocking(bId, ALO, i, 0, payload, Duration.ofSeconds(20));
                        // a full window fails the send at once (BACKPRESSURE): retry until it is taken
                        CompletableFuture<?>[] taken = new CompletableFuture<?>[1];
                        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(20)).until(() -> {
                            taken[0] = a.transport().send(bId, EO, Transport.NO_KEY, 0, payload).toCompletableFuture();
                            return !taken[0].isCompletedExceptionally();
                        });
                        synchronized (futures) {
                            futures.add((CompletableFuture<Void>) taken[0]);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int reset = 1; reset <= 5; reset++) {
                int target = reset * MESSAGES / 7;
                await().atMost(Duration.ofSeconds(20)).until(() -> count(b, EO, 0) >= target);
                a.transport().faults().resetConnections(bId);
            }
            sender.join(60_000);
            List<CompletableFuture<Void>> all;
            synchronized (futures) {
                all = List.copyOf(futures);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> distinct(b, ALO, 0) == MESSAGES && count(b, EO, 0) >= MESSAGES);
            assertEquals(MESSAGES, distinct(b, ALO, 0), "at-least-once: nothing lost");
            assertEquals(MESSAGES, count(b, EO, 0), "effectively-once: nothing lost, nothing twice");
            assertEquals(MESSAGES, distinct(b, EO, 0));
            assertTrue(a.registry().counter("node.reliable.retransmits").getCount() > 0, "the resets forced retransmissions");
        }
    }

    private static long count(TestNodes.Node node, String channel, int codec) {
        return node.listener().received.stream().filter(r -> r.channel().equals(channel) && r.codecId() == codec).count();
    }

    private static long distinct(TestNodes.Node node, String channel, int codec) {
        return node.listener().received.stream().filter(r -> r.channel().equals(channel) && r.codecId() == codec)
                .mapToInt(r -> ByteBuffer.wrap(r.payload()).getInt()).distinct().count();
    }
}
