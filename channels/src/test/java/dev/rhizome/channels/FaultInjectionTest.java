package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.faults.Fault;
import dev.rhizome.channels.faults.Partition;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the injector, on two real nodes: drop, delay, duplicate, reorder, partition and heal, ingress delay, bandwidth cap. */
class FaultInjectionTest {

    private static final String CH = ChannelSpec.DEFAULT;
    private TestNodes nodes;
    private TestNodes.Node a;
    private TestNodes.Node b;
    private NodeId bId;

    @BeforeEach
    void start() {
        nodes = new TestNodes();
        a = nodes.start("a", List.of(ChannelSpec.of(CH)));
        b = nodes.start("b", List.of(ChannelSpec.of(CH)));
        TestNodes.connectAndAwait(a, b);
        bId = b.transport().self();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void dropsMatchingMessagesOnly() {
        Fault fault = a.transport().faults().drop(m -> m.codecId() == 1);
        for (int i = 0; i < 10; i++) {
            a.transport().send(bId, CH, Transport.NO_KEY, i % 2, new byte[] {(byte) i});
        }
        a.transport().send(bId, CH, Transport.NO_KEY, 9, new byte[] {99});
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).contains(9));
        assertEquals(List.of(0, 0, 0, 0, 0, 9), codecs(b));
        assertEquals(5, a.registry().counter("node.faults.dropped").getCount());
        fault.remove();
        a.transport().send(bId, CH, Transport.NO_KEY, 1, new byte[] {1});
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).contains(1));
    }

    @Test
    void delaysDuplicatesAndReorders() {
        a.transport().faults().delay(m -> m.codecId() == 3, Duration.ofMillis(300));
        a.transport().send(bId, CH, Transport.NO_KEY, 3, new byte[0]);
        a.transport().send(bId, CH, Transport.NO_KEY, 4, new byte[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).size() == 2);
        assertEquals(List.of(4, 3), codecs(b), "the delayed message arrives after the next one");

        a.transport().faults().duplicate(m -> m.codecId() == 5);
        a.transport().send(bId, CH, Transport.NO_KEY, 5, new byte[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).size() == 4);
        assertEquals(List.of(4, 3, 5, 5), codecs(b));

        a.transport().faults().reorder(m -> m.codecId() == 6);
        a.transport().send(bId, CH, Transport.NO_KEY, 6, new byte[0]);
        a.transport().send(bId, CH, Transport.NO_KEY, 7, new byte[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).size() == 6);
        assertEquals(List.of(4, 3, 5, 5, 7, 6), codecs(b), "the reordered message swaps with its successor");
    }

    @Test
    void partitionsInjectAndHeal() {
        Partition partition = Partition.between(List.of(a.transport()), List.of(b.transport()));
        a.transport().send(bId, CH, Transport.NO_KEY, 1, new byte[0]).toCompletableFuture().join();
        b.transport().send(a.transport().self(), CH, Transport.NO_KEY, 1, new byte[0]).toCompletableFuture().join();
        partition.heal();
        a.transport().send(bId, CH, Transport.NO_KEY, 2, new byte[0]);
        b.transport().send(a.transport().self(), CH, Transport.NO_KEY, 2, new byte[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(a).contains(2) && codecs(b).contains(2));
        assertEquals(List.of(2), codecs(a), "nothing crossed the partition");
        assertEquals(List.of(2), codecs(b), "nothing crossed the partition");
    }

    @Test
    void ingressDelayHoldsDeliveries() {
        b.transport().faults().ingressDelay(Duration.ofMillis(500));
        long start = System.nanoTime();
        a.transport().send(bId, CH, Transport.NO_KEY, 1, new byte[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> codecs(b).contains(1));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "delivered before the ingress delay");
        b.transport().faults().clear();
    }

    @Test
    void bandwidthCapSlowsAConnection() {
        a.transport().faults().bandwidthCap(256 << 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.transport().faults().bandwidthCap() == 256 << 10);
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            a.transport().send(bId, CH, Transport.NO_KEY, 1, new byte[64 << 10]);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> codecs(b).size() == 8);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000),
                "512 KiB at 256 KiB/s took less than a second");
        a.transport().faults().bandwidthCap(0);
        TestNodes.exchange(a, b);
    }

    private static List<Integer> codecs(TestNodes.Node node) {
        return node.listener().received.stream().map(RecordingListener.Received::codecId).toList();
    }
}
