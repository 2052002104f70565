package dev.rhizome.statictopology;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A simulated static overlay: node {@code i} is {@code n<i>}, started i-th, so it listens at
 * {@code 10.0.0.i:7000}; its {@code static.peers} lists the configured neighbours it dials.
 */
final class StaticNet {

    final Simulation sim;
    final List<NodeId> nodes = new ArrayList<>();
    final Map<String, List<Integer>> dials = new HashMap<>();

    /** Starts {@code size} nodes; {@code dials.get(i)} are the peers node {@code i} configures. */
    StaticNet(long seed, int size, Map<Integer, List<Integer>> config) {
        config.forEach((i, peers) -> dials.put("n" + i, peers));
        sim = new Simulation(seed, NetworkConditions.defaults(), this::create, Map.of());
        for (int i = 0; i < size; i++) {
            nodes.add(sim.start("n" + i));
        }
    }

    static String address(int i) {
        return "n" + i + "@10.0.0." + i + ":7000";
    }

    private StaticProtocol create(ProtocolContext context) {
        List<String> peers = new ArrayList<>();
        for (int peer : dials.getOrDefault(context.self().id().name(), List.of())) {
            peers.add(address(peer));
        }
        Map<String, String> settings = new HashMap<>(context.settings());
        settings.put(StaticSettings.PEERS, String.join(",", peers));
        settings.put(StaticSettings.REDIAL_INTERVAL, "200");
        new StaticTopology().validate(settings);
        return new StaticProtocol(new ProtocolContext(context.self(), context.channels(), context.random(), settings));
    }

    StaticProtocol protocol(NodeId node) {
        return sim.protocol(node, StaticProtocol.class);
    }

    /** The configured graph restricted to the running nodes (by latest incarnation). */
    OverlayGraph truth() {
        Map<String, NodeId> live = new HashMap<>();
        for (NodeId node : sim.running()) {
            live.put(node.name(), node);
        }
        OverlayGraph.Builder graph = OverlayGraph.builder();
        live.values().forEach(graph::node);
        dials.forEach((name, peers) -> {
            for (int peer : peers) {
                NodeId a = live.get(name);
                NodeId b = live.get("n" + peer);
                if (a != null && b != null && !a.equals(b)) {
                    graph.edge(a, b);
                }
            }
        });
        return graph.build();
    }

    /** Whether every running node sees exactly its component of the true graph. */
    boolean converged() {
        OverlayGraph truth = truth();
        for (NodeId node : sim.running()) {
            Set<NodeId> component = new TreeSet<>(dev.rhizome.overlay.route.PathFinder.distances(truth, node).keySet());
            OverlayGraph expected = truth.restrictedTo(component::contains);
            if (!protocol(node).graph().equals(expected) || !protocol(node).members().equals(component)) {
                return false;
            }
        }
        return true;
    }
}
