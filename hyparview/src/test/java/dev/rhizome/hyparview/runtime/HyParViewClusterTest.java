package dev.rhizome.hyparview.runtime;

import static org.awaitility.Awaitility.await;

import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HyParView on the real runtime: nodes in this JVM on 127.0.0.1 over Netty. They form a connected,
 * symmetric overlay, and the survivors of an abrupt halt of half of them reconnect.
 */
class HyParViewClusterTest {

    /** 16 in CI; -Dhyparview.cluster.nodes=64 for the size. */
    private static final int NODES = Integer.getInteger("hyparview.cluster.nodes", 16);
    private final List<RhizomeNode> nodes = new ArrayList<>();

    private RhizomeNode start(String name) {
        var builder = OverlayConfig.builder(name).host("127.0.0.1").port(0).cookie("hyparview-cluster-test")
                .topology("hyparview")
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .set(HyParViewSettings.SHUFFLE_INTERVAL, "500")
                .set(HyParViewSettings.NEIGHBOR_TIMEOUT, "1000");
        if (!nodes.isEmpty()) {
            builder.seeds(nodes.get(0).self().hostPort());
        }
        RhizomeNode node = (RhizomeNode) Rhizome.start(builder.build());
        nodes.add(node);
        return node;
    }

    /** Whether the members graph (each node's neighbours) over {@code group} is symmetric and connected. */
    static boolean connectedAndSymmetric(List<RhizomeNode> group) {
        Map<NodeId, Set<NodeId>> neighbours = new HashMap<>();
        for (RhizomeNode node : group) {
            Set<NodeId> view = new HashSet<>(node.members());
            view.remove(node.self());
            if (view.isEmpty()) {
                return false;
            }
            neighbours.put(node.self(), view);
        }
        for (var entry : neighbours.entrySet()) {
            for (NodeId peer : entry.getValue()) {
                Set<NodeId> back = neighbours.get(peer);
                if (back == null || !back.contains(entry.getKey())) {
                    return false;
                }
            }
        }
        Set<NodeId> seen = new HashSet<>();
        ArrayDeque<NodeId> frontier = new ArrayDeque<>(List.of(group.get(0).self()));
        while (!frontier.isEmpty()) {
            NodeId next = frontier.poll();
            if (seen.add(next)) {
                frontier.addAll(neighbours.get(next));
            }
        }
        return seen.size() == group.size();
    }

    @Test
    void nodesFormAConnectedSymmetricOverlayAndSurvivorsReconnectAfterHalfHalt() {
        for (int i = 0; i < NODES; i++) {
            start("hv" + i);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> connectedAndSymmetric(nodes));
        for (RhizomeNode node : nodes) {
            int neighbours = node.members().size() - 1;
            if (neighbours > 5) {
                throw new AssertionError(node.self() + " has " + neighbours + " neighbours, more than the active size");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.stream().anyMatch(n -> !n.passivePeers().isEmpty()));
        for (RhizomeNode node : nodes) {
            assertPassiveViewInMBean(node);
        }
        List<RhizomeNode> survivors = new ArrayList<>(nodes.subList(0, NODES / 2));
        for (RhizomeNode victim : nodes.subList(NODES / 2, NODES)) {
            victim.halt();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> connectedAndSymmetric(survivors));
    }

    /** The node MBean's Members is the active view and PassiveView the passive view, both by name. */
    private static void assertPassiveViewInMBean(RhizomeNode node) {
        try {
            var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            var name = new javax.management.ObjectName("dev.rhizome:type=Node,node=" + node.self().name());
            String[] passive = (String[]) server.getAttribute(name, "PassiveView");
            String[] members = (String[]) server.getAttribute(name, "Members");
            java.util.Set<String> passiveNames = new java.util.TreeSet<>(java.util.Arrays.asList(passive));
            java.util.Set<String> memberNames = new java.util.TreeSet<>(java.util.Arrays.asList(members));
            passiveNames.retainAll(memberNames);
            if (!passiveNames.isEmpty() || !memberNames.contains(node.self().name())) {
                throw new AssertionError(node.self().name() + ": members " + memberNames + ", passive " + Arrays.toString(passive));
            }
        } catch (javax.management.JMException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
