package dev.rhizome.hyparview.sim;

import dev.rhizome.hyparview.sim.PaperExperiment.BroadcastStats;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link PaperExperiment} measured.
 *
 * @param config              what ran
 * @param stableNodes         nodes before the failure
 * @param stableConnected     whether the stable active graph is connected and symmetric
 * @param stableAsymmetric    directed active edges without their reverse, before the failure
 * @param inDegrees           in-degree histogram of the stable overlay
 * @param activeSizes         active-view size histogram of the stable overlay
 * @param clustering          average clustering coefficient of the stable overlay
 * @param paths               shortest-path measures of the stable overlay
 * @param stableBroadcasts    broadcasts from one sender on the stable overlay
 * @param survivors           live nodes after the failure
 * @param finalConnected      whether the survivors' active graph ended connected and symmetric
 * @param finalAsymmetric     directed active edges without their reverse at the end
 * @param afterFailure        each broadcast after the failure, in order
 * @param healing             average reliability of each healing cycle's broadcasts, in order
 * @param finalComponents     the sizes of the survivors' connected components at the end, largest first
 * @param messagesSent        every message the simulation carried
 * @param elapsedMillis       wall-clock time of the run
 * @param traceHash           the simulation's event fingerprint (same seed, same hash)
 */
public record ExperimentResult(PaperExperiment.Config config, int stableNodes, boolean stableConnected,
                               int stableAsymmetric, int[] inDegrees, int[] activeSizes, double clustering,
                               OverlayGraph.PathStats paths, List<BroadcastStats> stableBroadcasts,
                               int survivors, boolean finalConnected, int finalAsymmetric,
                               List<BroadcastStats> afterFailure, List<Double> healing, int[] finalComponents,
                               long messagesSent,
                               long elapsedMillis, long traceHash) {

    /** Mean reliability over the broadcasts after the failure (1.0 when there were none). */
    public double reliability() {
        return afterFailure.stream().mapToDouble(BroadcastStats::reliability).average().orElse(1.0);
    }

    /** The lowest reliability of any broadcast on the stable overlay. */
    public double stableReliability() {
        return stableBroadcasts.stream().mapToDouble(BroadcastStats::reliability).min().orElse(1.0);
    }

    /** The largest last-delivery hop over every broadcast. */
    public int maxHops() {
        int stable = stableBroadcasts.stream().mapToInt(BroadcastStats::lastDeliveryHop).max().orElse(0);
        int after = afterFailure.stream().mapToInt(BroadcastStats::lastDeliveryHop).max().orElse(0);
        return Math.max(stable, after);
    }

    /** Mean last-delivery hop on the stable overlay. */
    public double stableMeanLdh() {
        return stableBroadcasts.stream().mapToInt(BroadcastStats::lastDeliveryHop).average().orElse(0);
    }

    /** Mean RMR on the stable overlay, over the second half of its broadcasts (after Plumtree has pruned). */
    public double stableRmr() {
        int half = stableBroadcasts.size() / 2;
        return stableBroadcasts.subList(half, stableBroadcasts.size()).stream().mapToDouble(BroadcastStats::rmr)
                .average().orElse(0);
    }

    /** RMR of the first broadcast on the stable overlay (before Plumtree has pruned: a flood). */
    public double stableFirstRmr() {
        return stableBroadcasts.isEmpty() ? 0 : stableBroadcasts.get(0).rmr();
    }

    /** Mean RMR over the broadcasts after the failure (random senders). */
    public double rmrAfterFailure() {
        return afterFailure.stream().mapToDouble(BroadcastStats::rmr).average().orElse(0);
    }

    /** Mean last-delivery hop over the broadcasts after the failure. */
    public double meanLdhAfterFailure() {
        return afterFailure.stream().mapToInt(BroadcastStats::lastDeliveryHop).average().orElse(0);
    }

    /** Share of stable nodes whose in-degree equals the most common one. */
    public double modalInDegreeShare(int degree) {
        return degree < inDegrees.length ? (double) inDegrees[degree] / Math.max(1, stableNodes) : 0;
    }

    /** Cycles until a healing cycle reached 100%, or -1 if none did (or healing was not run). */
    public int healingCycles() {
        for (int i = 0; i < healing.size(); i++) {
            if (healing.get(i) >= 1.0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** One JSON object with the CLI's documented fields and more. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        field(json, "nodes", config.nodes());
        field(json, "failure", config.failure());
        field(json, "seed", config.seed());
        field(json, "broadcast", "\"" + config.mode().name().toLowerCase(Locale.ROOT) + "\"");
        field(json, "broadcasts", config.broadcasts());
        field(json, "settings", "\"" + config.settings().toString().replace("\"", "") + "\"");
        field(json, "reliability", reliability());
        field(json, "avgShortestPath", paths.averageShortestPath());
        field(json, "clusteringCoefficient", clustering);
        field(json, "maxHops", maxHops());
        field(json, "elapsedMillis", elapsedMillis);
        field(json, "stableConnected", stableConnected);
        field(json, "stableAsymmetricEdges", stableAsymmetric);
        field(json, "stableReliability", stableReliability());
        field(json, "stableMeanLastDeliveryHop", stableMeanLdh());
        field(json, "stableRmr", stableRmr());
        field(json, "stableFirstRmr", stableFirstRmr());
        field(json, "rmrAfterFailure", rmrAfterFailure());
        field(json, "meanLastDeliveryHopAfterFailure", meanLdhAfterFailure());
        field(json, "meanEccentricity", paths.meanEccentricity());
        field(json, "inDegreeHistogram", array(inDegrees));
        field(json, "activeSizeHistogram", array(activeSizes));
        field(json, "survivors", survivors);
        field(json, "finalConnected", finalConnected);
        field(json, "finalAsymmetricEdges", finalAsymmetric);
        field(json, "finalComponents", array(java.util.Arrays.copyOf(finalComponents, Math.min(20, finalComponents.length))));
        field(json, "finalComponentCount", finalComponents.length);
        field(json, "reliabilityFirst200", afterFailure.stream().limit(200)
                .map(b -> format(b.reliability())).toList().toString().replace(" ", ""));
        field(json, "healingReliabilityPerCycle", healing.stream().map(ExperimentResult::format).toList().toString().replace(" ", ""));
        field(json, "healingCycles", healingCycles());
        field(json, "messagesSent", messagesSent);
        field(json, "traceHash", "\"" + Long.toHexString(traceHash) + "\"");
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    /** A few human-readable lines. */
    public String summary() {
        int[] histogram = inDegrees;
        return String.format(Locale.ROOT, """
                nodes %d, failure %.0f%%, seed %d, %s broadcast, %d ms
                stable: connected %s, asymmetric edges %d, in-degree 5 share %.4f, clustering %.6f, \
                avg shortest path %.3f, mean LDH %.2f, RMR %.3f
                after failure: %d survivors, reliability %.5f (min %.4f), max hops %d, final connected %s, components %s%s""",
                config.nodes(), config.failure() * 100, config.seed(), config.mode().name().toLowerCase(Locale.ROOT),
                elapsedMillis, stableConnected, stableAsymmetric, modalInDegreeShare(5), clustering,
                paths.averageShortestPath(), stableMeanLdh(), stableRmr(), survivors, reliability(),
                afterFailure.stream().mapToDouble(BroadcastStats::reliability).min().orElse(1.0), maxHops(),
                finalConnected, java.util.Arrays.toString(java.util.Arrays.copyOf(finalComponents,
                        Math.min(5, finalComponents.length))), healing.isEmpty() ? "" : ", healing cycles " + healingCycles() + " " + healing)
                + (histogram.length > 0 ? "" : "");
    }

    private static void field(StringBuilder json, String name, Object value) {
        json.append('"').append(name).append("\":").append(value instanceof Double d ? format(d) : value).append(',');
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String array(int[] values) {
        return java.util.Arrays.toString(values).replace(" ", "");
    }
}
