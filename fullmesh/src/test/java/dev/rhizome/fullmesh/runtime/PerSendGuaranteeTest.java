package dev.rhizome.fullmesh.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A delivery guarantee chosen per send through the {@code Overlay} facade, on a plain at-most-once channel. */
class PerSendGuaranteeTest {

    @Test
    void everyGuaranteeDeliversOnAPlainChannelAndReliableSendsNeedANeighbour() throws Exception {
        try (LocalCluster cluster = new LocalCluster(b -> b)) {
            RhizomeNode a = cluster.start("a");
            RhizomeNode b = cluster.start("b");
            LocalCluster.awaitConverged(List.of(a, b), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.connectionCount(b.self(), "chat") == 1);
            List<Delivery> received = new CopyOnWriteArrayList<>();
            b.onReceive("chat", received::add);

            int index = 0;
            for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
                byte[] payload = {(byte) index++};
                // A reliable stage completes only once b has acknowledged the message.
                a.send(b.self(), "chat", 0L, payload, guarantee).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == DeliveryGuarantee.values().length);
            for (int i = 0; i < received.size(); i++) {
                assertArrayEquals(new byte[] {(byte) i}, received.get(i).bytes());
                assertEquals(a.self(), received.get(i).from());
            }

            NodeId stranger = new NodeId("nobody", "127.0.0.1", 1, 1L);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> a.send(stranger, "chat", 0L,
                    new byte[] {1}, DeliveryGuarantee.EFFECTIVELY_ONCE).toCompletableFuture().get(5, TimeUnit.SECONDS));
            SendException cause = assertInstanceOf(SendException.class, failed.getCause());
            assertEquals(SendException.Reason.NOT_CONNECTED, cause.reason());
            assertTrue(cause.getMessage().contains("nobody"), cause.getMessage());
        }
    }
}
