package dev.rhizome.statictopology;

import dev.rhizome.overlay.config.ConfigException;
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
public record StaticSettings(List<PeerAddress> peers, long redialIntervalMs, int maxHops) {

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
        List<PeerAddress> peers = PeerAddress.parseList(PEERS, settings.get(PEERS));
        long redial = positive(settings, REDIAL_INTERVAL, 500, Long.MAX_VALUE);
        int maxHops = (int) positive(settings, MAX_HOPS, 16, 255);
        return new StaticSettings(peers, redial, maxHops);
    }

    private static long positive(Map<String, String> settings, String key, long fallback, long max) {
        String text = settings.get(key);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number", e);
        }
        if (value <= 0 || value > max) {
            throw new ConfigException(key, "must be in 1.." + max + ", was " + value);
        }
        return value;
    }
}
