package dev.rhizome.simulator;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Input;
import java.util.ArrayList;
import dev.rhizome.overlay.spi.Protocol;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One simulated process: a protocol instance and what its runtime would hold for it. */
final class SimNode {

    final int index;
    final NodeId id;
    final String address;
    final Protocol protocol;
    /** Open connections by peer, in the order they opened (iteration order must be reproducible). */
    final Map<NodeId, Link> links = new LinkedHashMap<>();
    /** Peers the protocol asked to keep connected ({@code Connect} not yet undone by {@code Disconnect}). */
    final Set<NodeId> wanted = new LinkedHashSet<>();
    /** Pending timers by key; looked up only, never iterated. */
    final Map<Object, Simulation.TimerEvent> timers = new HashMap<>();
    boolean alive = true;
    /** A frozen node hangs: its connections stay open, but what reaches it waits in {@link #backlog}. */
    boolean frozen;
    /** Inputs that reached the node while it was frozen, in arrival order. */
    final List<Waiting> backlog = new ArrayList<>();
    /** Nodes talk only to nodes in the same partition group. */
    int group;

    /** An input that waits for a frozen node, and the index of the node it came from (-1: the runtime). */
    record Waiting(Input input, int from) {}

    SimNode(int index, NodeId id, String address, Protocol protocol) {
        this.index = index;
        this.id = id;
        this.address = address;
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
