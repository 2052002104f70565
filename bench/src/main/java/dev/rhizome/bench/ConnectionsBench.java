package dev.rhizome.bench;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Connections per node: {@code N} nodes in this JVM on 127.0.0.1 (64, 16 with {@code --quick}), once
 * as HyParView and once as a full mesh in the same run, with the channels {@code default} (1 lane) and
 * {@code bulk} (2 lanes) besides the control channel: 4 lanes per peer. Once each overlay has settled
 * (HyParView: connected, symmetric active views with every lane to each neighbour up; full mesh: every
 * member seen and every lane up) the transport's own count of established connections is read on every
 * node, 10 times 100 ms apart; reported are the min, mean and max per node over all samples, the time to
 * settle, and the JVM's open file descriptors.
 */
final class ConnectionsBench {

    private static final int LANES_PER_PEER = 1 + 1 + 2;
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(120);

    private ConnectionsBench() {
    }

    static int main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // 128 nodes' INFO lines otherwise
        }
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick");
        boolean json = options.contains("--json");
        int nodes = quick ? 16 : 64;
        int at = options.indexOf("--nodes");
        if (at >= 0 && at + 1 < options.size()) {
            nodes = Integer.parseInt(options.get(at + 1));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "connections");
        result.put("time", Instant.now().toString());
        result.put("machine", InProcessPair.machine());
        result.put("loadBefore", InProcessPair.load());
        result.put("nodes", nodes);
        result.put("lanesPerPeer", LANES_PER_PEER);
        Map<String, Object> hyparview = measure("hyparview", nodes);
        Map<String, Object> fullmesh = measure("fullmesh", nodes);
        result.put("hyparview", hyparview);
        result.put("fullmesh", fullmesh);
        result.put("fullMeshOverHyParView", (double) fullmesh.get("meanPerNode") / (double) hyparview.get("meanPerNode"));
        result.put("loadAfter", InProcessPair.load());
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
        }
        return 0;
    }

    private static Map<String, Object> measure(String topology, int count) {
        System.err.printf("%s: starting %d nodes%n", topology, count);
        List<RhizomeNode> nodes = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                var builder = OverlayConfig.builder(topology.charAt(0) + Integer.toString(i)).host("127.0.0.1").port(0)
                        .cookie("rhizome-bench").cluster("rhizome-bench-" + topology).topology(topology)
                        .channel(ChannelSpec.parallel("bulk", 2));
                if (!nodes.isEmpty()) {
                    builder.seeds(nodes.get(0).self().hostPort());
                }
                nodes.add((RhizomeNode) Rhizome.start(builder.build()));
            }
            BooleanSupplier settled = topology.equals("fullmesh")
                    ? () -> nodes.stream().allMatch(n -> n.members().size() == count
                            && n.activeConnections() == (count - 1) * LANES_PER_PEER)
                    : () -> symmetricAndConnected(nodes)
                            && nodes.stream().allMatch(n -> n.activeConnections() == lanesToNeighbours(n));
            boolean done = waitFor(settled, SETTLE_WITHIN);
            out.put("settled", done);
            out.put("settleMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            IntSummaryStatistics perNode = new IntSummaryStatistics();
            for (int sample = 0; sample < 10; sample++) {
                nodes.forEach(n -> perNode.accept(n.activeConnections()));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            out.put("minPerNode", perNode.getMin());
            out.put("meanPerNode", perNode.getAverage());
            out.put("maxPerNode", perNode.getMax());
            out.put("openFileDescriptors", openFileDescriptors());
            System.err.printf("%s: %s%n", topology, out);
        } finally {
            nodes.forEach(RhizomeNode::halt);
        }
        return out;
    }

    private static int lanesToNeighbours(RhizomeNode node) {
        int up = 0;
        for (NodeId peer : node.members()) {
            if (!peer.equals(node.self())) {
                for (String channel : List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT, "bulk")) {
                    up += node.connectionCount(peer, channel);
                }
            }
        }
        return up;
    }

    private static boolean symmetricAndConnected(List<RhizomeNode> nodes) {
        Map<NodeId, Set<NodeId>> views = new HashMap<>();
        for (RhizomeNode node : nodes) {
            Set<NodeId> view = new HashSet<>(node.members());
            view.remove(node.self());
            views.put(node.self(), view);
        }
        for (var entry : views.entrySet()) {
            for (NodeId peer : entry.getValue()) {
                if (!views.getOrDefault(peer, Set.of()).contains(entry.getKey())) {
                    return false;
                }
            }
        }
        Set<NodeId> seen = new HashSet<>();
        ArrayDeque<NodeId> frontier = new ArrayDeque<>(List.of(nodes.get(0).self()));
        for (int steps = 0; !frontier.isEmpty() && steps < 100 * nodes.size(); steps++) {
            NodeId next = frontier.poll();
            if (seen.add(next)) {
                frontier.addAll(views.getOrDefault(next, Set.of()));
            }
        }
        return seen.size() == nodes.size();
    }

    private static boolean waitFor(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return condition.getAsBoolean();
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
