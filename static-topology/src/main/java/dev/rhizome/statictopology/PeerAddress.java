package dev.rhizome.statictopology;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.ConfigException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A configured peer, {@code name@host:port}: whom to dial and what it should be called.
 *
 * @param name the peer's node name
 * @param host the host it listens on
 * @param port the port it listens on
 */
public record PeerAddress(String name, String host, int port) {

    /** The address to dial. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Whether {@code node} is this peer by name. */
    public boolean names(NodeId node) {
        return node.name().equals(name);
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }

    /**
     * Parses a comma-separated list of {@code name@host:port}; blanks around entries are ignored.
     *
     * @param setting the setting's key, named in errors
     * @throws ConfigException naming {@code setting} on a malformed entry or a repeated name
     */
    public static List<PeerAddress> parseList(String setting, String text) {
        List<PeerAddress> peers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (text == null || text.isBlank()) {
            return peers;
        }
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new ConfigException(setting, "empty entry in '" + text + "'; expected name@host:port,...");
            }
            PeerAddress peer = parse(setting, entry);
            if (!names.add(peer.name())) {
                throw new ConfigException(setting, "peer '" + peer.name() + "' is listed twice");
            }
            peers.add(peer);
        }
        return List.copyOf(peers);
    }

    private static PeerAddress parse(String setting, String entry) {
        int at = entry.indexOf('@');
        int colon = entry.lastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
            throw new ConfigException(setting, "'" + entry + "' is not name@host:port");
        }
        String name = entry.substring(0, at);
        String host = entry.substring(at + 1, colon);
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
        return new PeerAddress(name, host, port);
    }
}
