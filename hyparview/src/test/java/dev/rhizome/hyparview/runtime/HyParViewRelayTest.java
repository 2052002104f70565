package dev.rhizome.hyparview.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.overlay.route.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HyParView routing over real Netty on 127.0.0.1: ten nodes with active views of three, so most pairs
 * are not neighbours. A send to a node outside the active view searches a route, is relayed along it,
 * and the reply takes the reverse path without a search of its own.
 */
class HyParViewRelayTest {

    private LocalCluster cluster;

    @Test
    void aSendToANodeOutsideTheActiveViewIsRelayedAndAnswered() throws Exception {
        cluster = new LocalCluster(name -> OverlayConfig.builder(name).host("127.0.0.1").port(0)
                .cookie("hyparview-relay-test").topology("hyparview")
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set(HyParViewSettings.ACTIVE_SIZE, "3")
                .set(HyParViewSettings.SHUFFLE_ACTIVE, "2")
                .set(HyParViewSettings.NEIGHBOR_TIMEOUT, "1000"));
        cluster.start("r", 10);
        List<RhizomeNode> nodes = cluster.nodes();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> LocalCluster.connectedAndSymmetric(nodes) && nodes.stream().allMatch(HyParViewRelayTest::defaultUp));
        RhizomeNode from = null;
        RhizomeNode to = null;
        for (RhizomeNode x : nodes) {
            for (RhizomeNode y : nodes) {
                if (from == null && x != y && !x.members().contains(y.self())) {
                    from = x;
                    to = y;
                }
            }
        }
        assertTrue(from != null, "with active views of 3 among 10 nodes some pair is not adjacent");
        RhizomeNode sender = from;
        RhizomeNode receiver = to;
        List<Delivery> atReceiver = new CopyOnWriteArrayList<>();
        List<Delivery> atSender = new CopyOnWriteArrayList<>();
        receiver.onReceive(ChannelSpec.DEFAULT, message -> {
            atReceiver.add(message);
            receiver.send(message.from(), ChannelSpec.DEFAULT, "pong".getBytes(UTF_8));
        });
        sender.onReceive(ChannelSpec.DEFAULT, atSender::add);

        sender.send(receiver.self(), ChannelSpec.DEFAULT, "ping".getBytes(UTF_8)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> atSender.size() == 1);
        assertEquals(sender.self(), atReceiver.get(0).from());
        assertEquals("pong", new String(atSender.get(0).bytes(), UTF_8));
        assertEquals(1, sender.metrics().counter("relay.route-searches").getCount());
        assertEquals(0, receiver.metrics().counter("relay.route-searches").getCount(), "the reply reused the reverse path");
        Route route = sender.relayRoute(receiver.self(), ChannelSpec.DEFAULT).orElseThrow();
        assertTrue(route.length() >= 2, route.toString());
        assertEquals(route, receiver.relayRoute(sender.self(), ChannelSpec.DEFAULT).orElseThrow().reverse());
        long forwarded = nodes.stream().mapToLong(n -> n.metrics().counter("relay.forwarded").getCount()).sum();
        assertEquals(2L * (route.length() - 1), forwarded, "each relay on the path forwarded once each way");
        assertFalse(sender.members().contains(receiver.self()));
    }

    private static boolean defaultUp(RhizomeNode node) {
        for (NodeId peer : node.members()) {
            if (!peer.equals(node.self()) && node.connectionCount(peer, ChannelSpec.DEFAULT) == 0) {
                return false;
            }
        }
        return true;
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
