package dev.rhizome.fullmesh.runtime;

import static org.awaitility.Awaitility.await;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Real nodes in this JVM on 127.0.0.1 with ephemeral ports, for cluster tests. Closes them all. */
final class LocalCluster implements AutoCloseable {

    static final String COOKIE = "cluster-test-cookie";

    private final List<RhizomeNode> nodes = new ArrayList<>();
    private final UnaryOperator<OverlayConfigBuilder> settings;

    LocalCluster(UnaryOperator<OverlayConfigBuilder> settings) {
        this.settings = settings;
    }

    /** Default test settings: fast heartbeats, the chat and bulk:3 channels. */
    static OverlayConfigBuilder defaults(String name) {
        return OverlayConfig.builder(name).host("127.0.0.1").port(0).cookie(COOKIE)
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .channel(ChannelSpec.of("chat")).channel(ChannelSpec.parallel("bulk", 3));
    }

    /** Starts a node joining through the first node (if any). */
    RhizomeNode start(String name) {
        OverlayConfigBuilder builder = settings.apply(defaults(name));
        if (!nodes.isEmpty()) {
            builder.seeds(nodes.get(0).self().hostPort());
        }
        RhizomeNode node = (RhizomeNode) Rhizome.start(builder.build());
        nodes.add(node);
        return node;
    }

    /** Starts a node joining through {@code seed}. */
    RhizomeNode startVia(String name, RhizomeNode seed) {
        RhizomeNode node = (RhizomeNode) Rhizome.start(settings.apply(defaults(name)).seeds(seed.self().hostPort()).build());
        nodes.add(node);
        return node;
    }

    List<RhizomeNode> nodes() {
        return nodes;
    }

    static Set<String> names(Set<NodeId> ids) {
        return ids.stream().map(NodeId::name).collect(Collectors.toSet());
    }

    /** Waits until every node in {@code group} sees exactly {@code group} as members. */
    static void awaitConverged(List<RhizomeNode> group, Duration within) {
        Set<NodeId> expected = group.stream().map(RhizomeNode::self).collect(Collectors.toSet());
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() ->
                group.stream().allMatch(n -> n.members().equals(new java.util.TreeSet<>(expected))));
    }

    @Override
    public void close() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
