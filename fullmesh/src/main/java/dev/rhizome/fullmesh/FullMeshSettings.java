package dev.rhizome.fullmesh;

import static dev.rhizome.overlay.config.TopologySettings.longIn;
import static dev.rhizome.overlay.config.TopologySettings.doubleIn;
import dev.rhizome.membership.detector.PhiAccrualDetector;
import dev.rhizome.overlay.config.ConfigException;
import java.util.Map;
import java.util.Set;

/**
 * The settings the full mesh reads, parsed and checked.
 *
 * @param heartbeatIntervalMs  {@value #HEARTBEAT_INTERVAL} (default 200)
 * @param phiThreshold         {@value #PHI_THRESHOLD} (default 8.0)
 * @param phiMinStdDevMs       {@value #PHI_MIN_STDDEV} (default 50)
 * @param phiAcceptablePauseMs {@value #PHI_ACCEPTABLE_PAUSE} (default 0)
 * @param gossipIntervalMs     {@value #GOSSIP_INTERVAL} (default 500)
 * @param tombstoneTtlMs       {@value #TOMBSTONE_TTL} (default 60000)
 */
public record FullMeshSettings(long heartbeatIntervalMs, double phiThreshold, long phiMinStdDevMs,
                               long phiAcceptablePauseMs, long gossipIntervalMs, long tombstoneTtlMs) {

    public static final String HEARTBEAT_INTERVAL = "heartbeat-interval-ms";
    public static final String PHI_THRESHOLD = "phi-threshold";
    public static final String PHI_MIN_STDDEV = "phi-min-stddev-ms";
    public static final String PHI_ACCEPTABLE_PAUSE = "phi-acceptable-pause-ms";
    public static final String GOSSIP_INTERVAL = "fullmesh.gossip-interval-ms";
    public static final String TOMBSTONE_TTL = "fullmesh.tombstone-ttl-ms";

    /** The full mesh's own setting names. */
    public static final Set<String> OWN = Set.of(GOSSIP_INTERVAL, TOMBSTONE_TTL);

    /** Heartbeat samples the detector remembers per peer. */
    static final int DETECTOR_WINDOW = 100;

    /** The defaults, as if no setting were given. */
    public static FullMeshSettings defaults() {
        return from(Map.of());
    }

    /**
     * Reads the settings, defaulting absent ones.
     *
     * @throws ConfigException naming the first setting that is malformed or out of range
     */
    public static FullMeshSettings from(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (key.startsWith("fullmesh.") && !OWN.contains(key)) {
                throw new ConfigException(key, "unknown full-mesh setting; known: " + String.join(", ", OWN.stream().sorted().toList()));
            }
        }
        long heartbeat = longIn(settings, HEARTBEAT_INTERVAL, 200, 1, Long.MAX_VALUE);
        double threshold = doubleIn(settings, PHI_THRESHOLD, 8.0, Double.MIN_VALUE, Double.MAX_VALUE);
        long minStdDev = longIn(settings, PHI_MIN_STDDEV, 50, 1, Long.MAX_VALUE);
        long pause = longIn(settings, PHI_ACCEPTABLE_PAUSE, 0, 0, Long.MAX_VALUE);
        long gossip = longIn(settings, GOSSIP_INTERVAL, 500, 1, Long.MAX_VALUE);
        long ttl = longIn(settings, TOMBSTONE_TTL, 60_000, 1, Long.MAX_VALUE);
        if (ttl < gossip) {
            throw new ConfigException(TOMBSTONE_TTL, "must be at least " + GOSSIP_INTERVAL + " (" + gossip
                    + " ms) so a tombstone is gossiped before it is forgotten, was " + ttl);
        }
        return new FullMeshSettings(heartbeat, threshold, minStdDev, pause, gossip, ttl);
    }

    /** The detector's settings. */
    public PhiAccrualDetector.Settings detector() {
        return new PhiAccrualDetector.Settings(phiThreshold, heartbeatIntervalMs, phiMinStdDevMs,
                phiAcceptablePauseMs, DETECTOR_WINDOW);
    }

    /** How often suspicion is checked: half a heartbeat interval, at least 1 ms. */
    public long failureCheckIntervalMs() {
        return Math.max(1, heartbeatIntervalMs / 2);
    }
}
