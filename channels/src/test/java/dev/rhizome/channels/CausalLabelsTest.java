package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.channels.causal.CausalLabels;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Causal order under injected delay: a sends m1 to c (delayed 400 ms by fault injection), then m2 to b;
 * b, on m2, sends m3 to c. With the same label c delivers m1 before m3; a message with another label is
 * not held back.
 */
class CausalLabelsTest {

    private static final String CH = "causal";
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(CH));
    private static final Map<String, ChannelOptions> OPTIONS =
            Map.of(CH, ChannelOptions.DEFAULT.withDelivery(DeliveryGuarantee.AT_LEAST_ONCE, 1024));

    @Test
    void aLabelKeepsCausalOrderAcrossNodesUnderInjectedDelay() {
        CausalLabels labelsA = new CausalLabels("a");
        CausalLabels labelsB = new CausalLabels("b");
        CausalLabels labelsC = new CausalLabels("c");
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start(TestNodes.config("a", 0, CHANNELS).withChannelOptions(OPTIONS), labelsA::wrap);
            TestNodes.Node b = nodes.start(TestNodes.config("b", 0, CHANNELS).withChannelOptions(OPTIONS), labelsB::wrap);
            TestNodes.Node c = nodes.start(TestNodes.config("c", 0, CHANNELS).withChannelOptions(OPTIONS), labelsC::wrap);
            TestNodes.connectAndAwait(a, b);
            TestNodes.connectAndAwait(a, c);
            TestNodes.connectAndAwait(b, c);
            NodeId cId = c.transport().self();
            b.listener().onEachData = r -> {
                if (r.codecId() == 2) {
                    labelsB.send(b.transport(), cId, CH, "other", 5, new byte[] {5});
                    labelsB.send(b.transport(), cId, CH, "L", 3, new byte[] {3});
                }
            };
            a.transport().faults().delay(m -> m.peer().name().equals("c"), Duration.ofMillis(400));
            labelsA.send(a.transport(), cId, CH, "L", 1, new byte[] {1});
            labelsA.send(a.transport(), b.transport().self(), CH, "L", 2, new byte[] {2});
            await().atMost(Duration.ofSeconds(10)).until(() -> c.listener().received.size() >= 3);
            List<Integer> order = c.listener().received.stream().map(RecordingListener.Received::codecId).toList();
            assertEquals(List.of(5, 1, 3), order, "m3 waited for m1; the other label did not wait");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> c.listener().received.size() == 3);
            assertEquals(0, labelsC.buffered());
        }
    }

    @Test
    void aLabelRestoresSendOrderUnderInjectedReordering() {
        CausalLabels labelsA = new CausalLabels("a");
        CausalLabels labelsC = new CausalLabels("c");
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start(TestNodes.config("a", 0, CHANNELS).withChannelOptions(OPTIONS), labelsA::wrap);
            TestNodes.Node c = nodes.start(TestNodes.config("c", 0, CHANNELS).withChannelOptions(OPTIONS), labelsC::wrap);
            TestNodes.connectAndAwait(a, c);
            NodeId cId = c.transport().self();
            // every message to c is held until the next one has been sent: the wire order is 2 1 4 3 ...
            a.transport().faults().reorder(m -> m.peer().name().equals("c"));
            int count = 20;
            for (int i = 1; i <= count; i++) {
                labelsA.send(a.transport(), cId, CH, "L", i, new byte[] {(byte) i});
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> c.listener().received.size() >= count);
            List<Integer> order = c.listener().received.stream().map(RecordingListener.Received::codecId).toList();
            assertEquals(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList(), order,
                    "delivered in send order although the wire order was swapped");
            org.junit.jupiter.api.Assertions.assertTrue(a.registry().counter("node.faults.reordered").getCount() > 0,
                    "messages were reordered");
        }
    }
}
