package dev.rhizome.membership.conformance;

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
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The nodes of one conformance case, in this JVM on 127.0.0.1: started from a {@link ClusterPlan} and
 * a topology's {@link NodeConfigurer}, addressed by index, crashed, stopped and restarted at the same
 * address. {@link #close()} halts whatever still runs.
 */
public final class ConformanceCluster implements AutoCloseable {

    /** A plain channel. */
    public static final String CHAT = "chat";
    /** A channel with {@link #BULK_LANES} connections per peer. */
    public static final String BULK = "bulk";
    public static final int BULK_LANES = 4;

    private final String topology;
    private final ClusterPlan plan;
    private final NodeConfigurer configurer;
    private final RhizomeNode[] nodes;

    ConformanceCluster(String topology, ClusterPlan plan, NodeConfigurer configurer) {
        this.topology = topology;
        this.plan = plan;
        this.configurer = configurer;
        this.nodes = new RhizomeNode[plan.size()];
    }

    public ClusterPlan plan() {
        return plan;
    }

    public int size() {
        return plan.size();
    }

    /** The configuration node {@code index} starts with. */
    public OverlayConfig config(int index) {
        OverlayConfigBuilder builder = OverlayConfig.builder(plan.name(index)).host(ClusterPlan.HOST)
                .port(plan.port(index)).cookie("conformance-suite").topology(topology)
                .channel(ChannelSpec.of(CHAT)).channel(ChannelSpec.parallel(BULK, BULK_LANES))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .heartbeatInterval(Duration.ofMillis(50))
                .set("phi-acceptable-pause-ms", "200")
                .set("phi-min-stddev-ms", "20");
        configurer.configure(builder, index, plan);
        return builder.build();
    }

    /** Starts node {@code index} (again, after a crash or stop: same name and address, new incarnation). */
    public RhizomeNode start(int index) {
        if (nodes[index] != null) {
            throw new IllegalStateException(plan.name(index) + " is already running");
        }
        RhizomeNode node = (RhizomeNode) Rhizome.start(config(index));
        nodes[index] = node;
        return node;
    }

    /** Starts every node that is not running, in index order. */
    public void startAll() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                start(i);
            }
        }
    }

    /** The running node {@code index}. */
    public RhizomeNode node(int index) {
        RhizomeNode node = nodes[index];
        if (node == null) {
            throw new IllegalStateException(plan.name(index) + " is not running");
        }
        return node;
    }

    public boolean isRunning(int index) {
        return nodes[index] != null;
    }

    /** Indices of the running nodes. */
    public List<Integer> running() {
        return IntStream.range(0, nodes.length).filter(this::isRunning).boxed().toList();
    }

    /** Stops node {@code index} at once, as a crash would: no leave, no drain. */
    public void crash(int index) {
        node(index).halt();
        nodes[index] = null;
    }

    /** Stops node {@code index} gracefully (it leaves first). */
    public void stop(int index) {
        node(index).shutdown(Duration.ofSeconds(2));
        nodes[index] = null;
    }

    /** The index of the node with this identity's name, or -1. */
    public int indexOf(NodeId node) {
        return plan.names().indexOf(node.name());
    }

    /** Names in node {@code index}'s {@code members()}, itself included. */
    public Set<String> memberNames(int index) {
        Set<String> names = new TreeSet<>();
        node(index).members().forEach(n -> names.add(n.name()));
        return names;
    }

    /** Names of the running nodes. */
    public Set<String> runningNames() {
        Set<String> names = new TreeSet<>();
        running().forEach(i -> names.add(plan.name(i)));
        return names;
    }

    /**
     * Node {@code index}'s neighbours: the running nodes it holds at least one {@code channel}
     * connection to.
     */
    public Set<Integer> neighbours(int index, String channel) {
        RhizomeNode node = node(index);
        Set<Integer> out = new TreeSet<>();
        for (int other : running()) {
            if (other != index && node.connectionCount(nodes[other].self(), channel) > 0) {
                out.add(other);
            }
        }
        return out;
    }

    @Override
    public void close() {
        List<RhizomeNode> running = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                running.add(nodes[i]);
                nodes[i] = null;
            }
        }
        running.forEach(RhizomeNode::halt);
    }
}
