package dev.rhizome.hyparview;

import static dev.rhizome.overlay.config.TopologySettings.longIn;
import static dev.rhizome.overlay.config.TopologySettings.intIn;
import dev.rhizome.overlay.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * HyParView's settings, parsed and checked. Every key starts with {@code hyparview.}; the defaults are
 * the paper's for 10,000 nodes.
 *
 * @param activeSize        {@value #ACTIVE_SIZE}: neighbours kept connected (default 5)
 * @param passiveSize       {@value #PASSIVE_SIZE}: backup peers known by id only (default 30)
 * @param arwl              {@value #ARWL}: active random walk length of a join (default 6)
 * @param prwl              {@value #PRWL}: the walk hop at which the joiner enters a passive view (default 3)
 * @param shuffleActive     {@value #SHUFFLE_ACTIVE}: ka, active peers in a shuffle (default 3)
 * @param shufflePassive    {@value #SHUFFLE_PASSIVE}: kp, passive peers in a shuffle (default 4)
 * @param shuffleTtl        {@value #SHUFFLE_TTL}: the shuffle walk's length (default 6)
 * @param shuffleIntervalMs {@value #SHUFFLE_INTERVAL}: the shuffle period, jittered ±25%; 0 means the
 *                          application calls {@link HyParViewProtocol#shuffle} itself (default 10000)
 * @param neighborTimeoutMs {@value #NEIGHBOR_TIMEOUT}: how long a neighbour request or a join waits for
 *                          its answer before trying elsewhere (default 2000)
 * @param broadcast         {@value #BROADCAST}: {@code plumtree} or {@code flood} (default plumtree)
 * @param ihaveTimeoutMs    {@value #IHAVE_TIMEOUT}: Plumtree's first timer, from an IHAVE to the GRAFT
 *                          (default 100)
 * @param graftTimeoutMs    {@value #GRAFT_TIMEOUT}: Plumtree's second timer, between GRAFTs for the same
 *                          message (default 50); must not exceed the first
 * @param cacheSize         {@value #CACHE_SIZE}: message ids (and payloads, for GRAFTs) remembered
 *                          (default 4096)
 * @param minActive         {@value #MIN_ACTIVE}: a node with fewer neighbours than this asks with high
 *                          priority, which a full view cannot refuse (Partisan's active_min_size);
 *                          0, the default, is the paper's rule: high priority only with no neighbour
 * @param optimizationThreshold {@value #OPTIMIZATION_THRESHOLD}: Plumtree's tree optimisation swaps an eager
 *                          link for a lazy one that announced a message at least this many rounds earlier
 *                          (default 3, as babel's; the Plumtree paper's experiments used 7, which at
 *                          10,000 nodes rarely fires, see docs/hyparview-evaluation.md); 0 turns it off
 * @param contactsSize      {@value #CONTACTS_SIZE}: peers heard of but displaced from the views, kept only to
 *                          rejoin through when the seeds and every passive peer are gone (default 120, four
 *                          passive views' worth); 0 is the paper's behaviour, rejoining through the seeds only
 */
public record HyParViewSettings(int activeSize, int passiveSize, int arwl, int prwl, int shuffleActive,
                                int shufflePassive, int shuffleTtl, long shuffleIntervalMs,
                                long neighborTimeoutMs, BroadcastMode broadcast, long ihaveTimeoutMs,
                                long graftTimeoutMs, int cacheSize, int minActive,
                                int optimizationThreshold, int contactsSize) {

    /** How broadcasts travel over the active view. */
    public enum BroadcastMode { FLOOD, PLUMTREE }

    public static final String ACTIVE_SIZE = "hyparview.active-size";
    public static final String PASSIVE_SIZE = "hyparview.passive-size";
    public static final String ARWL = "hyparview.arwl";
    public static final String PRWL = "hyparview.prwl";
    public static final String SHUFFLE_ACTIVE = "hyparview.shuffle-active";
    public static final String SHUFFLE_PASSIVE = "hyparview.shuffle-passive";
    public static final String SHUFFLE_TTL = "hyparview.shuffle-ttl";
    public static final String SHUFFLE_INTERVAL = "hyparview.shuffle-interval-ms";
    public static final String NEIGHBOR_TIMEOUT = "hyparview.neighbor-timeout-ms";
    public static final String BROADCAST = "hyparview.broadcast";
    public static final String IHAVE_TIMEOUT = "hyparview.plumtree.ihave-timeout-ms";
    public static final String GRAFT_TIMEOUT = "hyparview.plumtree.graft-timeout-ms";
    public static final String CACHE_SIZE = "hyparview.plumtree.cache-size";
    public static final String MIN_ACTIVE = "hyparview.min-active";
    public static final String OPTIMIZATION_THRESHOLD = "hyparview.plumtree.optimization-threshold";
    public static final String CONTACTS_SIZE = "hyparview.contacts-size";

    /** Every HyParView setting name, in documentation order. */
    public static final Set<String> NAMES = Set.copyOf(new LinkedHashSet<>(java.util.List.of(
            ACTIVE_SIZE, PASSIVE_SIZE, ARWL, PRWL, SHUFFLE_ACTIVE, SHUFFLE_PASSIVE, SHUFFLE_TTL,
            SHUFFLE_INTERVAL, NEIGHBOR_TIMEOUT, BROADCAST, IHAVE_TIMEOUT, GRAFT_TIMEOUT, CACHE_SIZE, MIN_ACTIVE,
            OPTIMIZATION_THRESHOLD, CONTACTS_SIZE)));

    /** The paper's values, as if no setting were given. */
    public static HyParViewSettings defaults() {
        return from(Map.of());
    }

    /**
     * Reads the {@code hyparview.*} settings, defaulting absent ones; other keys are ignored.
     *
     * @throws ConfigException naming the first setting that is unknown, malformed, out of range, or
     *                         inconsistent with another
     */
    public static HyParViewSettings from(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (key.startsWith("hyparview.") && !NAMES.contains(key)) {
                throw new ConfigException(key, "unknown HyParView setting; known: "
                        + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        int active = intIn(settings, ACTIVE_SIZE, 5, 1, 1_000);
        int passive = intIn(settings, PASSIVE_SIZE, 30, 1, 100_000);
        int arwl = intIn(settings, ARWL, 6, 0, 100);
        int prwl = intIn(settings, PRWL, 3, 0, 100);
        if (prwl > arwl) {
            throw new ConfigException(PRWL, "must not exceed " + ARWL + " (" + arwl
                    + "), or no join walk would ever reach it; was " + prwl);
        }
        int ka = intIn(settings, SHUFFLE_ACTIVE, 3, 0, 1_000);
        if (ka > active) {
            throw new ConfigException(SHUFFLE_ACTIVE, "must not exceed " + ACTIVE_SIZE + " (" + active + "), was " + ka);
        }
        int kp = intIn(settings, SHUFFLE_PASSIVE, 4, 0, 100_000);
        if (kp > passive) {
            throw new ConfigException(SHUFFLE_PASSIVE, "must not exceed " + PASSIVE_SIZE + " (" + passive + "), was " + kp);
        }
        if (1 + ka + kp > passive) {
            throw new ConfigException(PASSIVE_SIZE, "must hold a whole shuffle (1 + " + SHUFFLE_ACTIVE + " + "
                    + SHUFFLE_PASSIVE + " = " + (1 + ka + kp) + " peers), was " + passive);
        }
        int ttl = intIn(settings, SHUFFLE_TTL, 6, 1, 100);
        long shuffleInterval = longIn(settings, SHUFFLE_INTERVAL, 10_000, 0, Long.MAX_VALUE);
        long neighborTimeout = longIn(settings, NEIGHBOR_TIMEOUT, 2_000, 1, Long.MAX_VALUE);
        BroadcastMode mode = mode(settings.get(BROADCAST));
        long ihave = longIn(settings, IHAVE_TIMEOUT, 100, 1, Long.MAX_VALUE);
        long graft = longIn(settings, GRAFT_TIMEOUT, 50, 1, Long.MAX_VALUE);
        if (graft > ihave) {
            throw new ConfigException(GRAFT_TIMEOUT, "must not exceed " + IHAVE_TIMEOUT + " (" + ihave
                    + " ms): the second timer waits about one round trip, the first a whole tree depth; was " + graft);
        }
        int cache = intIn(settings, CACHE_SIZE, 4096, 16, 1 << 24);
        int minActive = intIn(settings, MIN_ACTIVE, 0, 0, 1_000);
        if (minActive > active) {
            throw new ConfigException(MIN_ACTIVE, "must not exceed " + ACTIVE_SIZE + " (" + active + "), was " + minActive);
        }
        int optimization = intIn(settings, OPTIMIZATION_THRESHOLD, 3, 0, 1_000);
        int contacts = intIn(settings, CONTACTS_SIZE, 120, 0, 100_000);
        return new HyParViewSettings(active, passive, arwl, prwl, ka, kp, ttl, shuffleInterval,
                neighborTimeout, mode, ihave, graft, cache, minActive, optimization, contacts);
    }

    private static BroadcastMode mode(String text) {
        if (text == null) {
            return BroadcastMode.PLUMTREE;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "plumtree" -> BroadcastMode.PLUMTREE;
            case "flood" -> BroadcastMode.FLOOD;
            default -> throw new ConfigException(BROADCAST, "must be 'plumtree' or 'flood', was '" + text + "'");
        };
    }
}
