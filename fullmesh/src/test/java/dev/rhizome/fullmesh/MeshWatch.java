package dev.rhizome.fullmesh;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.MembershipEvent;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.SimObserver;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * A full mesh on the simulator, watched: every membership event every node emitted, and the views, for
 * the scenario tests' assertions. {@link #describe()} starts with the seed, so a failure can be replayed.
 */
final class MeshWatch implements SimObserver {

    /** A membership event and when a node emitted it. */
    record Timed(long atMillis, NodeId node, MembershipEvent event) {}

    private final Simulation sim;
    private final List<Timed> events = new ArrayList<>();

    private MeshWatch(Simulation sim) {
        this.sim = sim;
    }

    /** A full mesh with default settings on the default network (1–5 ms, resets on crash, wire check). */
    static MeshWatch simulate(long seed) {
        MeshWatch watch = new MeshWatch(new Simulation(seed, NetworkConditions.defaults(), new FullMeshTopology(), Map.of()));
        watch.sim.observe(watch);
        return watch;
    }

    Simulation sim() {
        return sim;
    }

    @Override
    public void emitted(long now, NodeId node, MembershipEvent event) {
        events.add(new Timed(now, node, event));
    }

    /** Every membership event {@code node} has emitted, oldest first. */
    List<Timed> events(NodeId node) {
        return events.stream().filter(t -> t.node().equals(node)).toList();
    }

    /** Every membership event of every node, crashed ones included, oldest first. */
    List<Timed> allEvents() {
        return List.copyOf(events);
    }

    /** {@code node}'s current view. */
    SortedSet<NodeId> members(NodeId node) {
        return sim.protocol(node).members();
    }

    /** Whether every node in {@code group} is running and sees exactly {@code group}. */
    boolean viewsAre(Set<NodeId> group) {
        for (NodeId node : group) {
            if (!sim.isRunning(node) || !members(node).equals(group)) {
                return false;
            }
        }
        return true;
    }

    /** The seed, the time and every running node's view, one line each, for failure messages. */
    String describe() {
        StringBuilder text = new StringBuilder("seed=" + sim.seed() + " t=" + sim.now() + "ms\n");
        for (NodeId node : sim.running()) {
            text.append("  ").append(node).append(sim.isFrozen(node) ? " (frozen)" : "")
                    .append(" sees ").append(members(node)).append('\n');
        }
        return text.toString();
    }
}
