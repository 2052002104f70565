package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.registry.ConflictResolver;
import dev.rhizome.process.registry.ReplicatedRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster registry on HyParView, where a node's neighbours are only part of the cluster: five
 * nodes with at most two neighbours each, so some pairs are never directly connected. A name
 * registered on one node reaches every node, the non-neighbours through the overlay's broadcast, and
 * its release does too.
 */
class PartialViewRegistryTest {

    private static final int NODES = 5;
    private final List<RhizomeNode> overlays = new ArrayList<>();
    private final List<ProcessNode> nodes = new ArrayList<>();
    private final List<ReplicatedRegistry> registries = new ArrayList<>();

    @AfterEach
    void close() {
        registries.forEach(ReplicatedRegistry::close);
        nodes.forEach(ProcessNode::close);
        overlays.forEach(RhizomeNode::halt);
    }

    private void start(String name) {
        var builder = ProcessNode.configure(OverlayConfig.builder(name)).host("127.0.0.1").port(0).cookie(Cluster.COOKIE)
                .topology("hyparview")
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set("hyparview.active-size", "2")
                .set("hyparview.shuffle-active", "1")
                .set("hyparview.min-active", "1")
                .set("hyparview.shuffle-interval-ms", "300");
        if (!overlays.isEmpty()) {
            builder.seeds(overlays.getFirst().self().hostPort());
        }
        RhizomeNode overlay = (RhizomeNode) Rhizome.start(builder.build());
        overlays.add(overlay);
        ProcessNode node = ProcessNode.attach(overlay, new TestSchemaImpl());
        nodes.add(node);
        registries.add(new ReplicatedRegistry(node, ConflictResolver.oldestWins(), Duration.ofMillis(200)));
    }

    /** Whether the neighbour graph joins every node (breadth-first over {@code members()}). */
    private boolean connected() {
        Set<String> seen = new HashSet<>();
        ArrayDeque<RhizomeNode> todo = new ArrayDeque<>(List.of(overlays.getFirst()));
        while (!todo.isEmpty()) {
            RhizomeNode n = todo.poll();
            if (!seen.add(n.self().name())) {
                continue;
            }
            for (NodeId peer : n.members()) {
                overlays.stream().filter(o -> o.self().name().equals(peer.name())).findFirst().ifPresent(todo::add);
            }
        }
        return seen.size() == NODES;
    }

    /** A node that has some node outside its view and a non-empty passive view, if there is one. */
    private Optional<Integer> nodeWithANonNeighbour() {
        for (int i = 0; i < NODES; i++) {
            RhizomeNode n = overlays.get(i);
            long neighbours = n.members().stream().filter(m -> !m.equals(n.self())).count();
            if (neighbours < NODES - 1 && !n.passivePeers().isEmpty()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    @Test
    void aNameReachesAndLeavesNodesOutsideTheRegisteringNodesView() {
        for (int i = 0; i < NODES; i++) {
            start("hv" + i);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> connected() && nodeWithANonNeighbour().isPresent());
        int x = nodeWithANonNeighbour().orElseThrow();
        ProcessNode home = nodes.get(x);
        RhizomeNode homeOverlay = overlays.get(x);
        String outside = overlays.stream().map(o -> o.self().name())
                .filter(n -> homeOverlay.members().stream().noneMatch(m -> m.name().equals(n)) && !n.equals(homeOverlay.self().name()))
                .findFirst().orElseThrow();

        Pid<Object> holder = home.spawn(self -> self.receive(Void.class));
        assertTrue(registries.get(x).register("svc", holder));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int i = 0; i < NODES; i++) {
                assertTrue(registries.get(i).whereis("svc").equals(Optional.of(holder)),
                        "hv" + i + " (" + outside + " is outside hv" + x + "'s view)");
            }
        });

        // the registry's updates reached nodes outside the registering node's view as broadcasts
        int outsideIndex = overlays.stream().map(o -> o.self().name()).toList().indexOf(outside);
        assertTrue(nodes.get(outsideIndex).metrics().counter("processes.names-via-broadcast").getCount() > 0,
                outside + " learned nothing through the overlay's broadcast");

        home.exit(holder, ExitReason.KILL);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int i = 0; i < NODES; i++) {
                assertTrue(registries.get(i).whereis("svc").isEmpty(), "hv" + i + " still sees the released name");
            }
        });
    }
}
