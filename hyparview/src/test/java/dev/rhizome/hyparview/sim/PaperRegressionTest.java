package dev.rhizome.hyparview.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.HyParViewSettings.BroadcastMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper's experiment at 1,000 nodes, a few seeds, as a regression suite: the stable overlay's shape,
 * and reliability after a massive failure. The full 10,000-node runs are in docs/hyparview-evaluation.md.
 * Every message starts with the result's summary, which names the seed.
 */
class PaperRegressionTest {

    private static final int NODES = 1_000;

    private static ExperimentResult run(PaperExperiment.Config config) {
        return new PaperExperiment(config, line -> { }).run();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theStableOverlayIsConnectedSymmetricAndRegularAndSurvivesHalfOfItFailing(long seed) {
        ExperimentResult result = run(PaperExperiment.Config.paper(NODES, 0.5, 1_000, seed));
        String why = result.summary();
        assertTrue(result.stableConnected(), why);
        assertEquals(0, result.stableAsymmetric(), why);
        assertTrue(result.modalInDegreeShare(5) >= 0.99, "in-degree 5 share: " + why);
        assertEquals(1.0, result.stableReliability(), "every stable broadcast reaches everyone: " + why);
        assertTrue(result.clustering() <= 0.005, why);
        double path = result.paths().averageShortestPath();
        assertTrue(path >= 4.4 && path <= 5.0, "log-ish path length for 1,000 nodes: " + why);
        assertTrue(result.stableRmr() > 2.9 && result.stableRmr() < 3.1, "flooding a 5-regular graph: " + why);
        assertTrue(result.reliability() >= 0.999, why);
        assertTrue(result.finalConnected(), why);
    }

    /**
     * The reliability targets after a massive failure, each level on its own seeds: the mean of
     * 1,000 broadcasts from random survivors, the first of which races the crash, so it needs 1,000 to
     * reach 99.9%. The stable overlay is checked again on every seed.
     */
    @ParameterizedTest(name = "seed {0}, {1} failed")
    @CsvSource({"4, 0.7, 0.999", "5, 0.8, 0.995", "6, 0.9, 0.98", "7, 0.9, 0.98"})
    void reliabilityAfterAMassiveFailureMeetsTheTargets(long seed, double failure, double target) {
        ExperimentResult result = run(PaperExperiment.Config.paper(NODES, failure, 1_000, seed));
        String why = result.summary();
        assertTrue(result.stableConnected(), why);
        assertEquals(0, result.stableAsymmetric(), why);
        assertTrue(result.modalInDegreeShare(5) >= 0.99, "in-degree 5 share: " + why);
        assertTrue(result.reliability() >= target, "reliability below " + target + ": " + why);
        assertTrue(result.finalConnected(), "the survivors end up in one symmetric overlay: " + why);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8, 9})
    void ninetyPercentFailureHealsWithinFourCycles(long seed) {
        ExperimentResult result = run(PaperExperiment.Config.paper(NODES, 0.9, 0, seed).withHealingCycles(6));
        String why = result.summary();
        assertTrue(result.healingCycles() >= 1 && result.healingCycles() <= 4, why);
        assertTrue(result.finalConnected(), why);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5})
    void plumtreeIsAsReliableAsFloodingWithLittleRedundancy(long seed) {
        ExperimentResult result = run(PaperExperiment.Config.paper(NODES, 0.3, 100, seed).withMode(BroadcastMode.PLUMTREE)
                .withCycles(20));
        String why = result.summary();
        assertEquals(1.0, result.stableReliability(), why);
        assertTrue(result.stableRmr() < 0.2, "a pruned tree sends each payload about once: " + why);
        assertTrue(result.reliability() >= 0.999, why);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6})
    void theSameSeedReplaysTheSameRunAndTheWireCheckChangesNothing(long seed) {
        PaperExperiment.Config config = PaperExperiment.Config.paper(200, 0.4, 20, seed).withCycles(10);
        ExperimentResult first = run(config);
        ExperimentResult again = run(config);
        ExperimentResult wired = run(config.withWireCheck(true));
        assertEquals(first.traceHash(), again.traceHash(), "seed " + seed);
        assertEquals(first.traceHash(), wired.traceHash(), "seed " + seed + ": ProtoStream round trips change nothing");
        assertTrue(first.traceHash() != run(PaperExperiment.Config.paper(200, 0.4, 20, seed + 1).withCycles(10)).traceHash());
    }
}
