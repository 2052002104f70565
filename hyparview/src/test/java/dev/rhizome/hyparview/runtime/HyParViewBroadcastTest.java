package dev.rhizome.hyparview.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code Overlay.broadcast} over HyParView on the real runtime: every node delivers it exactly once. */
class HyParViewBroadcastTest {

    private static final int NODES = 8;
    private final List<RhizomeNode> nodes = new ArrayList<>();

    private record Received(NodeId origin, String text) {}

    private RhizomeNode start(String name, String broadcast) {
        var builder = OverlayConfig.builder(name).host("127.0.0.1").port(0).cookie("hyparview-broadcast-test")
                .topology("hyparview")
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .set(HyParViewSettings.SHUFFLE_INTERVAL, "500")
                .set(HyParViewSettings.NEIGHBOR_TIMEOUT, "1000")
                .set(HyParViewSettings.BROADCAST, broadcast);
        if (!nodes.isEmpty()) {
            builder.seeds(nodes.get(0).self().hostPort());
        }
        RhizomeNode node = (RhizomeNode) Rhizome.start(builder.build());
        nodes.add(node);
        return node;
    }

    @Test
    void plumtreeDeliversOneBroadcastExactlyOnceOnEveryNode() throws Exception {
        broadcastReachesEveryNodeOnce("plumtree");
    }

    @Test
    void floodDeliversOneBroadcastExactlyOnceOnEveryNode() throws Exception {
        broadcastReachesEveryNodeOnce("flood");
    }

    private void broadcastReachesEveryNodeOnce(String mode) throws Exception {
        for (int i = 0; i < NODES; i++) {
            start("hb" + i, mode);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> LocalCluster.connectedAndSymmetric(nodes));
        Map<String, List<Received>> delivered = new ConcurrentHashMap<>();
        for (RhizomeNode node : nodes) {
            List<Received> mine = new CopyOnWriteArrayList<>();
            delivered.put(node.self().name(), mine);
            node.onBroadcast((origin, payload) -> mine.add(new Received(origin, new String(payload, StandardCharsets.UTF_8))));
        }
        RhizomeNode sender = nodes.get(NODES - 1);

        sender.broadcast(("news via " + mode).getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        Received expected = new Received(sender.self(), "news via " + mode);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                delivered.values().stream().allMatch(list -> !list.isEmpty()));
        // duplicates (several paths through the overlay) must be suppressed, not delivered late
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                delivered.values().stream().allMatch(list -> list.size() == 1));
        for (var entry : delivered.entrySet()) {
            assertEquals(List.of(expected), entry.getValue(), entry.getKey());
        }
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
