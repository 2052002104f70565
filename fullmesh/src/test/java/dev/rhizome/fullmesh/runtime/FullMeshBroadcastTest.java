package dev.rhizome.fullmesh.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code Overlay.broadcast} on a real full mesh: one hop to every member, delivered once everywhere. */
class FullMeshBroadcastTest {

    private record Received(NodeId origin, String text) {}

    @Test
    void everyNodeDeliversABroadcastExactlyOnceWithItsOrigin() throws Exception {
        try (LocalCluster cluster = new LocalCluster(UnaryOperator.identity())) {
            for (int i = 1; i <= 3; i++) {
                cluster.start("b" + i);
            }
            LocalCluster.awaitConverged(cluster.nodes(), Duration.ofSeconds(20));
            Map<String, List<Received>> delivered = new ConcurrentHashMap<>();
            for (RhizomeNode node : cluster.nodes()) {
                List<Received> mine = new CopyOnWriteArrayList<>();
                delivered.put(node.self().name(), mine);
                node.onBroadcast((origin, payload) -> mine.add(new Received(origin, new String(payload, StandardCharsets.UTF_8))));
            }
            RhizomeNode sender = cluster.nodes().get(1);

            sender.broadcast("hello all".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);

            Received expected = new Received(sender.self(), "hello all");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    delivered.values().stream().allMatch(list -> !list.isEmpty()));
            // and no second copy turns up anywhere afterwards
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                    delivered.values().stream().allMatch(list -> list.size() == 1));
            for (var entry : delivered.entrySet()) {
                assertEquals(List.of(expected), entry.getValue(), entry.getKey());
            }
        }
    }
}
