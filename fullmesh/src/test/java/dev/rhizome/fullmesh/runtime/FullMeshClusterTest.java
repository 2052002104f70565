package dev.rhizome.fullmesh.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Real nodes in one JVM: convergence, channels, leave, failure detection and restart. */
class FullMeshClusterTest {

    @Test
    void fiveNodesConvergeAndEveryMemberConnectsToEveryOtherOnEveryChannel() {
        try (LocalCluster cluster = new LocalCluster(UnaryOperator.identity())) {
            for (int i = 1; i <= 5; i++) {
                cluster.start("n" + i);
            }
            LocalCluster.awaitConverged(cluster.nodes(), Duration.ofSeconds(20));
            // control 1 + default 1 + chat 1 + bulk 3 = 6 connections per peer, 4 peers each.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (RhizomeNode node : cluster.nodes()) {
                    assertEquals(4 * 6, node.activeConnections(), node.self().name() + " connections");
                }
            });
            RhizomeNode first = cluster.nodes().get(0);
            assertTrue(first.passivePeers().isEmpty(), "a full mesh has no passive view");
            for (RhizomeNode other : cluster.nodes().subList(1, 5)) {
                assertEquals(3, first.connectionCount(other.self(), "bulk"));
                assertEquals(1, first.connectionCount(other.self(), "chat"));
            }
        }
    }

    @Test
    void messagesFlowOnTwoChannelsAndAPartitionKeyKeepsOrder() throws Exception {
        try (LocalCluster cluster = new LocalCluster(UnaryOperator.identity())) {
            RhizomeNode a = cluster.start("a");
            RhizomeNode b = cluster.start("b");
            LocalCluster.awaitConverged(List.of(a, b), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.connectionCount(b.self(), "bulk") == 3);
            List<String> chat = new CopyOnWriteArrayList<>();
            Map<Long, List<Integer>> bulkByKey = new ConcurrentHashMap<>();
            b.onReceive("chat", d -> chat.add(new String(d.bytes(), StandardCharsets.UTF_8)));
            b.onReceive("bulk", d -> {
                String[] parts = new String(d.bytes(), StandardCharsets.UTF_8).split(":");
                bulkByKey.computeIfAbsent(Long.parseLong(parts[0]), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            });
            a.send(b.self(), "chat", "hello".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            int perKey = 500;
            for (int seq = 0; seq < perKey; seq++) {
                for (long key = 0; key < 6; key++) {
                    a.send(b.self(), "bulk", key, (key + ":" + seq).getBytes(StandardCharsets.UTF_8));
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> chat.size() == 1
                    && bulkByKey.values().stream().mapToInt(List::size).sum() == 6 * perKey);
            assertEquals(List.of("hello"), chat);
            for (List<Integer> sequence : bulkByKey.values()) {
                List<Integer> expected = new ArrayList<>();
                for (int seq = 0; seq < perKey; seq++) {
                    expected.add(seq);
                }
                assertEquals(expected, sequence, "per-key FIFO");
            }
        }
    }

    @Test
    void aLeavingNodeIsRemovedEverywhereWithReasonLeft() {
        try (LocalCluster cluster = new LocalCluster(UnaryOperator.identity())) {
            for (int i = 1; i <= 3; i++) {
                cluster.start("n" + i);
            }
            LocalCluster.awaitConverged(cluster.nodes(), Duration.ofSeconds(20));
            RhizomeNode leaver = cluster.nodes().get(2);
            Map<String, String> reasons = new ConcurrentHashMap<>();
            for (RhizomeNode node : cluster.nodes().subList(0, 2)) {
                node.onNodeDown(leaver.self().name(), (id, reason) -> reasons.put(node.self().name(), reason));
            }
            leaver.close();
            LocalCluster.awaitConverged(cluster.nodes().subList(0, 2), Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> reasons.size() == 2);
            assertEquals(Map.of("n1", "left", "n2", "left"), reasons);
        }
    }

    @Test
    void aHaltedNodeIsReportedDownQuicklyAndARestartUnderTheSameNameReplacesIt() {
        try (LocalCluster cluster = new LocalCluster(UnaryOperator.identity())) {
            for (int i = 1; i <= 3; i++) {
                cluster.start("n" + i);
            }
            LocalCluster.awaitConverged(cluster.nodes(), Duration.ofSeconds(20));
            RhizomeNode victim = cluster.nodes().get(2);
            NodeId oldId = victim.self();
            Map<String, Long> detectedAt = new ConcurrentHashMap<>();
            for (RhizomeNode node : cluster.nodes().subList(0, 2)) {
                node.onNodeDown("n3", (id, reason) -> detectedAt.put(node.self().name(), System.nanoTime()));
            }
            long haltedAt = System.nanoTime();
            victim.halt();
            await().atMost(Duration.ofSeconds(5)).until(() -> detectedAt.size() == 2);
            for (long at : detectedAt.values()) {
                assertTrue(TimeUnit.NANOSECONDS.toMillis(at - haltedAt) < 2000, "detected within 2 s");
            }
            List<RhizomeNode> survivors = new ArrayList<>(cluster.nodes().subList(0, 2));
            LocalCluster.awaitConverged(survivors, Duration.ofSeconds(5));

            RhizomeNode restarted = cluster.startVia("n3", survivors.get(1));
            assertNotEquals(oldId.incarnation(), restarted.self().incarnation());
            survivors.add(restarted);
            LocalCluster.awaitConverged(survivors, Duration.ofSeconds(20));
        }
    }
}
