package dev.rhizome.clientserver;

import dev.rhizome.overlay.config.TopologySettings;
import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.NodeAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client-server topology's settings, parsed and checked.
 *
 * @param role             {@value #ROLE}: {@code client} or {@code server} (required)
 * @param servers          {@value #SERVERS}: the server set, {@code name@host:port,...}; a client needs at
 *                         least one and attaches to one at a time, a server dials the others
 * @param redialIntervalMs {@value #REDIAL_INTERVAL}: the pause after every server of the set failed to
 *                         answer, and between a server's re-dials of missing servers (default 500)
 */
public record ClientServerSettings(Role role, List<NodeAddress> servers, long redialIntervalMs) {

    public static final String ROLE = "client-server.role";
    public static final String SERVERS = "client-server.servers";
    public static final String REDIAL_INTERVAL = "client-server.redial-interval-ms";

    /** The topology's own setting names. */
    public static final Set<String> OWN = Set.of(ROLE, SERVERS, REDIAL_INTERVAL);

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the first setting that is unknown, missing, malformed or out of range
     */
    public static ClientServerSettings from(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (key.startsWith("client-server.") && !OWN.contains(key)) {
                throw new ConfigException(key, "unknown client-server setting; known: "
                        + String.join(", ", OWN.stream().sorted().toList()));
            }
        }
        String roleText = settings.get(ROLE);
        if (roleText == null || roleText.isBlank()) {
            throw new ConfigException(ROLE, "is required: client or server");
        }
        Role role = switch (roleText.trim().toLowerCase(Locale.ROOT)) {
            case "client" -> Role.CLIENT;
            case "server" -> Role.SERVER;
            default -> throw new ConfigException(ROLE, "must be client or server, was '" + roleText + "'");
        };
        List<NodeAddress> servers = NodeAddress.parseList(SERVERS, settings.get(SERVERS), "server");
        if (role == Role.CLIENT && servers.isEmpty()) {
            throw new ConfigException(SERVERS, "a client needs at least one server (name@host:port,...)");
        }
        long redial = TopologySettings.longIn(settings, REDIAL_INTERVAL, 500, 1, Long.MAX_VALUE);
        return new ClientServerSettings(role, servers, redial);
    }
}
