package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A monotonic channel coalesces per key while its lane is backlogged, keeps the newest state, and
 * counts what it coalesced. The receiver's event loop is held (it does not read), so the lane backs up.
 */
class MonotonicChannelTest {

    private static final String STATE = "state";
    private static final byte FILLER = 0;
    private static final byte COUNTER = 1;
    private static final byte OTHER = 2;

    @Test
    void coalescesPerKeyWhileBackloggedAndKeepsTheNewest() throws Exception {
        List<ChannelSpec> channels = List.of(ChannelSpec.of(STATE));
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", channels, c -> c.withWatermarks(8 << 10, 32 << 10, 64 << 20)
                    .withChannelOptions(Map.of(STATE, ChannelOptions.monotonicChannel())));
            TestNodes.Node b = nodes.start("b", channels, c -> c.withChannelOptions(Map.of(STATE, ChannelOptions.monotonicChannel())));
            TestNodes.connectAndAwait(a, b);
            NodeId bId = b.transport().self();
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            b.listener().onEachData = r -> {
                if (held.getCount() > 0) {
                    held.countDown();
                    awaitQuietly(hold);
                }
            };
            a.transport().send(bId, STATE, 5, 0, new byte[] {FILLER});
            assertTrue(held.await(10, TimeUnit.SECONDS));
            // b's event loop is held: send more than the kernel's socket buffers take (32 MiB on key 5; one
            // lane carries every key), then wait until the lane reports backlogged and stays so
            for (int i = 0; i < 2048; i++) {
                a.transport().send(bId, STATE, 5, 0, filler());
            }
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(200))
                    .until(() -> !a.transport().trySend(bId, STATE, 5, 0, new byte[] {FILLER}));
            long failedBefore = a.counter(STATE, "b", "failed-sends");
            long coalescedBefore = a.counter(STATE, "b", "coalesced");
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                futures.add(a.transport().send(bId, STATE, 0, 0, state(COUNTER, i)).toCompletableFuture());
                futures.add(a.transport().send(bId, STATE, 7, 0, state(OTHER, 2 * i)).toCompletableFuture());
            }
            long coalesced = a.counter(STATE, "b", "coalesced") - coalescedBefore;
            assertEquals(2 * 999, coalesced, "all but the newest per key were coalesced");
            hold.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> last(b, COUNTER) == 1000 && last(b, OTHER) == 2000);
            assertEquals(1, values(b, COUNTER).size(), "one COUNTER state arrived: the newest");
            assertEquals(1, values(b, OTHER).size(), "one OTHER state arrived: the newest");
            assertEquals(failedBefore, a.counter(STATE, "b", "failed-sends"), "no send failed");
        }
    }

    @Test
    void aMonotonicChannelThatIsNotBackloggedDeliversEverythingInOrder() {
        List<ChannelSpec> channels = List.of(ChannelSpec.parallel(STATE, 3));
        Map<String, ChannelOptions> options = Map.of(STATE, ChannelOptions.monotonicChannel());
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", channels, c -> c.withChannelOptions(options));
            TestNodes.Node b = nodes.start("b", channels, c -> c.withChannelOptions(options));
            TestNodes.connectAndAwait(a, b);
            for (int i = 1; i <= 200; i++) {
                a.transport().send(b.transport().self(), STATE, Transport.NO_KEY, 0, state(COUNTER, i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> last(b, COUNTER) == 200);
            List<Integer> got = values(b, COUNTER);
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i) > got.get(i - 1), "unkeyed sends on a monotonic channel stay in order: " + got);
            }
            assertEquals(0, a.counter(STATE, "b", "coalesced") + a.counter(STATE, "b", "failed-sends"));
        }
    }

    private static byte[] filler() {
        byte[] payload = new byte[16 << 10];
        payload[0] = FILLER;
        return payload;
    }

    private static byte[] state(byte kind, int value) {
        return ByteBuffer.allocate(5).put(kind).putInt(value).array();
    }

    private static List<Integer> values(TestNodes.Node node, byte kind) {
        List<Integer> values = new ArrayList<>();
        for (RecordingListener.Received r : node.listener().received) {
            if (r.payload().length == 5 && r.payload()[0] == kind) {
                values.add(ByteBuffer.wrap(r.payload(), 1, 4).getInt());
            }
        }
        return values;
    }

    private static int last(TestNodes.Node node, byte kind) {
        List<Integer> values = values(node, kind);
        return values.isEmpty() ? 0 : values.get(values.size() - 1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
