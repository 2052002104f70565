package dev.rhizome.clientserver;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated client-server overlay: servers {@code s0..} are started first (server {@code i} listens at
 * {@code 10.0.0.i:7000}), then clients {@code c0..}; every node is configured with the whole server set.
 */
final class ClientServerNet {

    final Simulation sim;
    final List<NodeId> servers = new ArrayList<>();
    final List<NodeId> clients = new ArrayList<>();
    private final String serverList;

    ClientServerNet(long seed, int serverCount, int clientCount) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < serverCount; i++) {
            addresses.add("s" + i + "@10.0.0." + i + ":7000");
        }
        serverList = String.join(",", addresses);
        sim = new Simulation(seed, NetworkConditions.defaults(), this::create, Map.of());
        for (int i = 0; i < serverCount; i++) {
            servers.add(sim.start("s" + i));
        }
        for (int i = 0; i < clientCount; i++) {
            clients.add(sim.start("c" + i));
        }
    }

    private ClientServerProtocol create(ProtocolContext context) {
        Map<String, String> settings = new HashMap<>(context.settings());
        settings.put(ClientServerSettings.ROLE, context.self().id().name().startsWith("s") ? "server" : "client");
        settings.put(ClientServerSettings.SERVERS, serverList);
        settings.put(ClientServerSettings.REDIAL_INTERVAL, "200");
        new ClientServerTopology().validate(settings);
        return new ClientServerProtocol(new ProtocolContext(context.self(), context.channels(), context.random(), settings));
    }

    ClientServerProtocol protocol(NodeId node) {
        return sim.protocol(node, ClientServerProtocol.class);
    }

    /** The view the running nodes should agree on, from where each running client says it is attached. */
    ClientServerView truth() {
        SortedSet<NodeId> live = new TreeSet<>();
        SortedMap<NodeId, NodeId> hostOf = new TreeMap<>();
        for (NodeId node : sim.running()) {
            if (node.name().startsWith("s")) {
                live.add(node);
            }
        }
        for (NodeId node : sim.running()) {
            if (node.name().startsWith("c")) {
                protocol(node).server().filter(live::contains).ifPresent(server -> hostOf.put(node, server));
            }
        }
        return new ClientServerView(live, hostOf);
    }

    /** Whether every running client is attached and every running node holds the true view. */
    boolean converged() {
        ClientServerView truth = truth();
        for (NodeId node : sim.running()) {
            if (node.name().startsWith("c") && !truth.hostOf().containsKey(node)) {
                return false;
            }
            if (!protocol(node).view().equals(truth) || !protocol(node).members().equals(truth.nodes())) {
                return false;
            }
        }
        return true;
    }
}
