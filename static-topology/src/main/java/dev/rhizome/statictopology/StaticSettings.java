package dev.rhizome.statictopology;

import static dev.rhizome.overlay.config.TopologySettings.longIn;
import static dev.rhizome.overlay.config.TopologySettings.intIn;
import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static topology's settings, parsed and checked.
 *
 * @param peers            {@value #PEERS}: this node's peers, {@code name@host:port,...} (default none)
 * @param redialIntervalMs {@value #REDIAL_INTERVAL}: how often unconnected peers are dialled (default 500)
 * @param maxHops          {@value #MAX_HOPS}: the longest route handed out, a TTL (default 16)
 */
public record StaticSettings(List<NodeAddress> peers, long redialIntervalMs, int maxHops) {

    public static final String PEERS = "static.peers";
    public static final String REDIAL_INTERVAL = "static.redial-interval-ms";
    public static final String MAX_HOPS = "static.max-hops";

    /** The static topology's own setting names. */
    public static final Set<String> OWN = Set.of(PEERS, REDIAL_INTERVAL, MAX_HOPS);

    /**
     * Reads the settings, defaulting absent ones.
     *
     * @throws ConfigException naming the first setting that is unknown, malformed or out of range
     */
    public static StaticSettings from(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (key.startsWith("static.") && !OWN.contains(key)) {
                throw new ConfigException(key, "unknown static setting; known: "
                        + String.join(", ", OWN.stream().sorted().toList()));
            }
        }
        List<NodeAddress> peers = NodeAddress.parseList(PEERS, settings.get(PEERS), "peer");
        long redial = longIn(settings, REDIAL_INTERVAL, 500, 1, Long.MAX_VALUE);
        int maxHops = intIn(settings, MAX_HOPS, 16, 1, 255);
        return new StaticSettings(peers, redial, maxHops);
    }
}
