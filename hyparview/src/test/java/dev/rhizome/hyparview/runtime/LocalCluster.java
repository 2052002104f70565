package dev.rhizome.hyparview.runtime;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * HyParView nodes in this JVM on 127.0.0.1 over Netty, each joining through the first one; checks on
 * their active views. {@link #close()} halts every node still running.
 */
final class LocalCluster implements AutoCloseable {

    private final Function<String, OverlayConfigBuilder> config;
    private final List<RhizomeNode> nodes = new ArrayList<>();

    /** @param config the configuration of the node of a given name, before the seed is added */
    LocalCluster(Function<String, OverlayConfigBuilder> config) {
        this.config = config;
    }

    /** Starts {@code count} nodes named {@code prefix0}, {@code prefix1}, ...; all but the first join through the first. */
    LocalCluster start(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            OverlayConfigBuilder builder = config.apply(prefix + i);
            if (!nodes.isEmpty()) {
                builder.seeds(nodes.get(0).self().hostPort());
            }
            nodes.add((RhizomeNode) Rhizome.start(builder.build()));
        }
        return this;
    }

    List<RhizomeNode> nodes() {
        return nodes;
    }

    /** Whether the active views over {@code group} are symmetric, name only members of the group, and connect it. */
    static boolean connectedAndSymmetric(List<RhizomeNode> group) {
        Map<NodeId, Set<NodeId>> neighbours = views(group);
        for (var entry : neighbours.entrySet()) {
            if (entry.getValue().isEmpty()) {
                return false;
            }
            for (NodeId peer : entry.getValue()) {
                Set<NodeId> back = neighbours.get(peer);
                if (back == null || !back.contains(entry.getKey())) {
                    return false;
                }
            }
        }
        Set<NodeId> seen = new HashSet<>();
        ArrayDeque<NodeId> frontier = new ArrayDeque<>(List.of(group.get(0).self()));
        for (int steps = 0; !frontier.isEmpty() && steps < 100 * group.size(); steps++) {
            NodeId next = frontier.poll();
            if (seen.add(next)) {
                frontier.addAll(neighbours.get(next));
            }
        }
        return seen.size() == group.size();
    }

    /** Each node's active view (its members minus itself). */
    static Map<NodeId, Set<NodeId>> views(List<RhizomeNode> group) {
        Map<NodeId, Set<NodeId>> neighbours = new HashMap<>();
        for (RhizomeNode node : group) {
            Set<NodeId> view = new HashSet<>(node.members());
            view.remove(node.self());
            neighbours.put(node.self(), view);
        }
        return neighbours;
    }

    /** Each node's active view by name, for failure messages. */
    static String describe(List<RhizomeNode> group) {
        StringBuilder text = new StringBuilder();
        for (RhizomeNode node : group) {
            TreeSet<String> names = new TreeSet<>();
            node.members().stream().filter(n -> !n.equals(node.self())).forEach(n -> names.add(n.name()));
            text.append('\n').append(node.self().name()).append(" -> ").append(names)
                    .append(" (passive ").append(node.passivePeers().size())
                    .append(", connections ").append(node.activeConnections()).append(')');
            for (RhizomeNode other : group) {
                NodeId peer = other.self();
                if (node.members().contains(peer)) {
                    continue;
                }
                StringBuilder lanes = new StringBuilder();
                for (String channel : List.of("rhizome.control", "default", "bulk")) {
                    int up = node.connectionCount(peer, channel);
                    if (up > 0) {
                        lanes.append(' ').append(channel).append('=').append(up);
                    }
                }
                if (!lanes.isEmpty()) {
                    text.append(" [non-neighbour ").append(peer.name()).append(lanes).append(']');
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
