package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A peer that stops reading: the lane goes above its high watermark, trySend refuses, sendBlocking
 * times out, send fails at max-queued-bytes, and every message is accounted for.
 */
class BackpressureTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));
    private static final int PAYLOAD = 64 << 10;

    @Test
    void aPeerThatStopsReadingTriggersTheDocumentedPolicy() throws Exception {
        try (TestNodes nodes = new TestNodes(); RogueClient reader = new RogueClient("slow")) {
            TestNodes.Node node = nodes.start("sender", CHANNELS, c -> c.withWatermarks(16 << 10, 64 << 10, 1 << 20));
            Channel ch = reader.connect(node.address(), ChannelSpec.DEFAULT, 0);
            ch.config().setAutoRead(false);
            NodeId peer = reader.identity;
            await().atMost(Duration.ofSeconds(5)).until(() -> node.transport().connectionCount(peer, ChannelSpec.DEFAULT) == 1);

            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            List<SendException> refusals = new ArrayList<>();
            // Fill until the lane stays backlogged: the kernel may still grow its buffers for a while.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(15)).until(() -> {
                fill(node, peer, accepted, refusals);
                return node.transport().config().highWatermarkBytes() < (Long) node.registry().getGauges()
                        .get("channel.default.peer.slow.queue-depth").getValue();
            });
            assertFalse(refusals.isEmpty(), "send fails at max-queued-bytes");
            refusals.forEach(r -> assertEquals(SendException.Reason.BACKPRESSURE, r.reason()));
            assertEquals(refusals.size(), node.counter(ChannelSpec.DEFAULT, "slow", "failed-sends"));

            long failedBefore = node.counter(ChannelSpec.DEFAULT, "slow", "failed-sends");
            assertFalse(node.transport().trySend(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[10]));
            assertEquals(failedBefore + 1, node.counter(ChannelSpec.DEFAULT, "slow", "failed-sends"));

            SendException timeout = assertThrows(SendException.class, () -> node.transport()
                    .sendBlocking(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[10], Duration.ofMillis(150)));
            assertEquals(SendException.Reason.BACKPRESSURE, timeout.reason());
            assertEquals(1, node.counter(ChannelSpec.DEFAULT, "slow", "blocked-sends"));

            // The reader resumes: everything accepted is written, and a blocking send gets through.
            ch.config().setAutoRead(true);
            node.transport().sendBlocking(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[10], Duration.ofSeconds(10));
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            long expectedBytes = (long) accepted.size() * (PAYLOAD + 9) + 10 + 9;
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.bytesReceived.get() == expectedBytes - 4L * (accepted.size() + 1));
            assertEquals(2, node.counter(ChannelSpec.DEFAULT, "slow", "blocked-sends"));
            assertEquals(failedBefore + 2, node.counter(ChannelSpec.DEFAULT, "slow", "failed-sends"));
        }
    }

    @Test
    void messagesQueuedOnAConnectionThatClosesFailVisibly() throws Exception {
        try (TestNodes nodes = new TestNodes(); RogueClient reader = new RogueClient("gone")) {
            TestNodes.Node node = nodes.start("sender", CHANNELS, c -> c.withWatermarks(16 << 10, 64 << 10, 8 << 20));
            Channel ch = reader.connect(node.address(), ChannelSpec.DEFAULT, 0);
            ch.config().setAutoRead(false);
            NodeId peer = reader.identity;
            await().atMost(Duration.ofSeconds(5)).until(() -> node.transport().connectionCount(peer, ChannelSpec.DEFAULT) == 1);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(node.transport().send(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[PAYLOAD])
                        .toCompletableFuture());
            }
            ch.close().sync();
            await().atMost(Duration.ofSeconds(10)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
            long failed = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertTrue(failed > 0, "some messages could not be written");
            for (CompletableFuture<Void> f : futures) {
                if (f.isCompletedExceptionally()) {
                    SendException e = cause(f);
                    assertTrue(e.reason() == SendException.Reason.CLOSED || e.reason() == SendException.Reason.BACKPRESSURE,
                            e.toString());
                }
            }
            assertEquals(failed, node.counter(ChannelSpec.DEFAULT, "gone", "failed-sends"));
        }
    }

    private static void fill(TestNodes.Node node, NodeId peer, List<CompletableFuture<Void>> accepted,
            List<SendException> refusals) {
        for (int i = 0; i < 2_000; i++) {
            CompletableFuture<Void> f = node.transport()
                    .send(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[PAYLOAD]).toCompletableFuture();
            if (f.isCompletedExceptionally()) {
                refusals.add(cause(f));
                return;
            }
            accepted.add(f);
        }
    }

    private static SendException cause(CompletableFuture<Void> f) {
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return (SendException) e.getCause();
        }
    }

    @Test
    void sendBlockingStaysBoundedBehindAnEgressDelay() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS, c -> c.withWatermarks(16 << 10, 64 << 10, 4 << 20));
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            NodeId bId = b.transport().self();
            // a WAN: every message is held 50 ms before it reaches the lane, and the lane drains at 1 MiB/s
            a.transport().faults().wan(Duration.ofMillis(50), 100 << 10);
            int messages = 40;
            long high = a.transport().config().highWatermarkBytes();
            long maxHeld = 0;
            for (int i = 0; i < messages; i++) {
                a.transport().sendBlocking(bId, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[PAYLOAD], Duration.ofSeconds(20));
                maxHeld = Math.max(maxHeld, a.transport().faults().delayedBytes(bId, ChannelSpec.DEFAULT));
            }
            // without waiting on the delay, all 40 x 64 KiB would sit in it at once
            assertTrue(maxHeld <= high + PAYLOAD, "held in the delay: " + maxHeld);
            await().atMost(Duration.ofSeconds(20)).until(() -> b.listener().countFrom("a", ChannelSpec.DEFAULT) == messages);
        }
    }
}
