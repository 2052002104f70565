package dev.rhizome.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@code rhizome demo --topology T} lays out its nodes on each topology: the flags each node gets
 * (seeds, role, peers) and which nodes the demo kills and stops. The nodes themselves run the same
 * code, {@code rhizome node}, whatever the topology.
 */
enum DemoTopology {

    /** Every node seeds from n1 and connects to every other. */
    FULLMESH("fullmesh"),
    /** Every node seeds from n1; active views of at most {@value #HYPARVIEW_ACTIVE} neighbours. */
    HYPARVIEW("hyparview"),
    /** The first nodes are servers in a mesh, the rest clients configured with every server. */
    CLIENT_SERVER("client-server"),
    /** A ring n1 — n2 — ... — nN — n1, each node configured with its two neighbours. */
    STATIC("static");

    /** The active-view size the demo gives HyParView, so views are partial from four nodes on. */
    static final int HYPARVIEW_ACTIVE = 3;

    private final String setting;

    DemoTopology(String setting) {
        this.setting = setting;
    }

    /** The value of the {@code topology} setting. */
    String setting() {
        return setting;
    }

    /** The topology called {@code name}, or an exception listing the names that exist. */
    static DemoTopology byName(String name) {
        return Arrays.stream(values()).filter(t -> t.setting.equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown topology '" + name + "'; valid: "
                        + Arrays.stream(values()).map(DemoTopology::setting).collect(Collectors.joining(", "))));
    }

    /** Whether nodes join through a seed (n1) rather than being configured with each other's addresses. */
    boolean usesSeeds() {
        return this == FULLMESH || this == HYPARVIEW;
    }

    /** Whether every node's members() lists every node (false: HyParView's partial active view). */
    boolean globalView() {
        return this != HYPARVIEW;
    }

    /** How many servers a client-server demo of {@code count} nodes has. */
    static int servers(int count) {
        return count >= 4 ? 2 : 1;
    }

    /** One line on how the nodes are laid out. */
    String describe(int count) {
        return switch (this) {
            case FULLMESH -> "Topology: fullmesh (every node connects to every other).";
            case HYPARVIEW -> "Topology: hyparview (active views of at most " + HYPARVIEW_ACTIVE
                    + " neighbours; a node's members are its active view).";
            case CLIENT_SERVER -> "Topology: client-server (servers " + names(1, servers(count), ", ")
                    + " in a mesh; clients " + names(servers(count) + 1, count, ", ")
                    + ", each attached to one server; client traffic goes through servers).";
            case STATIC -> "Topology: static (a configured ring " + names(1, count, " - ") + " - n1; traffic to a"
                    + " non-neighbour follows the shortest path).";
        };
    }

    private static String names(int first, int last, String separator) {
        List<String> names = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            names.add("n" + i);
        }
        return String.join(separator, names);
    }

    /**
     * The topology's flags for node {@code index} (1-based) of {@code count}, whose ports are
     * {@code ports} (index 0 is n1); none for the full mesh, so its command lines stay as they were.
     */
    List<String> flags(int index, int count, List<Integer> ports) {
        List<String> flags = new ArrayList<>();
        switch (this) {
            case FULLMESH -> { }
            case HYPARVIEW -> flags.addAll(List.of("--topology", setting, "--set",
                    "hyparview.active-size=" + HYPARVIEW_ACTIVE));
            case CLIENT_SERVER -> {
                List<String> servers = new ArrayList<>();
                for (int s = 1; s <= servers(count); s++) {
                    servers.add(peer(s, ports));
                }
                flags.addAll(List.of("--topology", setting, "--role", index <= servers(count) ? "server" : "client",
                        "--set", "client-server.servers=" + String.join(",", servers),
                        "--set", "client-server.redial-interval-ms=200"));
            }
            case STATIC -> {
                int previous = index == 1 ? count : index - 1;
                int next = index == count ? 1 : index + 1;
                flags.addAll(List.of("--topology", setting, "--set",
                        "static.peers=" + peer(previous, ports) + "," + peer(next, ports),
                        "--set", "static.redial-interval-ms=200"));
            }
        }
        return flags;
    }

    private static String peer(int index, List<Integer> ports) {
        return "n" + index + "@127.0.0.1:" + ports.get(index - 1);
    }

    /** The node the demo SIGKILLs and restarts: the middle one, and a client on client-server. */
    String victim(int count) {
        int middle = (count + 1) / 2;
        return "n" + (this == CLIENT_SERVER ? Math.max(middle, servers(count) + 1) : middle);
    }
}
