package dev.rhizome.clientserver;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.ConfigException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A configured server, {@code name@host:port}.
 *
 * @param name the server's node name
 * @param host the host it listens on
 * @param port the port it listens on
 */
public record ServerAddress(String name, String host, int port) {

    /** The address to dial. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** The configured address of {@code node}. */
    public static ServerAddress of(NodeId node) {
        return new ServerAddress(node.name(), node.host(), node.port());
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }

    /**
     * Parses a comma-separated list of {@code name@host:port}.
     *
     * @throws ConfigException naming {@code setting} on a malformed entry or a repeated name
     */
    public static List<ServerAddress> parseList(String setting, String text) {
        List<ServerAddress> servers = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return servers;
        }
        Set<String> names = new HashSet<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            int at = entry.indexOf('@');
            int colon = entry.lastIndexOf(':');
            if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
                throw new ConfigException(setting, "'" + entry + "' is not name@host:port");
            }
            String name = entry.substring(0, at);
            if (!NodeId.isValidName(name)) {
                throw new ConfigException(setting, "'" + name + "' is not a node name (1-64 letters, digits, '.', '_' or '-')");
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
            if (!names.add(name)) {
                throw new ConfigException(setting, "server '" + name + "' is listed twice");
            }
            servers.add(new ServerAddress(name, entry.substring(at + 1, colon), port));
        }
        return List.copyOf(servers);
    }
}
