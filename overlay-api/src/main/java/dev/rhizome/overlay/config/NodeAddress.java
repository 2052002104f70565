package dev.rhizome.overlay.config;

import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A node named in configuration, {@code name@host:port}: whom to dial and what it should be called.
 * Used by the static topology's peer lists and the client-server topology's server sets.
 *
 * @param name the node's name
 * @param host the host it listens on
 * @param port the port it listens on
 */
public record NodeAddress(String name, String host, int port) {

    /** The address to dial. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Whether {@code node} is this one by name. */
    public boolean names(NodeId node) {
        return node.name().equals(name);
    }

    /** The configured address of {@code node}. */
    public static NodeAddress of(NodeId node) {
        return new NodeAddress(node.name(), node.host(), node.port());
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }

    /**
     * Parses a comma-separated list of {@code name@host:port}; blanks around entries are ignored.
     *
     * @param setting the setting's key, named in errors
     * @param text    the list; {@code null} or blank is the empty list
     * @param what    what an entry is ("peer", "server"), for the message about a repeated name
     * @throws ConfigException naming {@code setting} on an empty or malformed entry or a repeated name
     */
    public static List<NodeAddress> parseList(String setting, String text, String what) {
        List<NodeAddress> nodes = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return nodes;
        }
        Set<String> names = new HashSet<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new ConfigException(setting, "empty entry in '" + text + "'; expected name@host:port,...");
            }
            NodeAddress node = parse(setting, entry);
            if (!names.add(node.name())) {
                throw new ConfigException(setting, what + " '" + node.name() + "' is listed twice");
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    private static NodeAddress parse(String setting, String entry) {
        int at = entry.indexOf('@');
        int colon = entry.lastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
            throw new ConfigException(setting, "'" + entry + "' is not name@host:port");
        }
        String name = entry.substring(0, at);
        if (!NodeId.isValidName(name)) {
            throw new ConfigException(setting, "'" + name + "' in '" + entry
                    + "' is not a node name (1-64 letters, digits, '.', '_' or '-')");
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "port in '" + entry + "' is not a number", e);
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(setting, "port in '" + entry + "' must be in 1..65535");
        }
        return new NodeAddress(name, entry.substring(at + 1, colon), port);
    }
}
