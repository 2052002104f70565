package dev.rhizome.hyparview.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Route stretch of the HyParView route search (see {@link RouteStretch}). In the suite it runs on 300
 * nodes; {@code -Drhizome.stretch.nodes=10000} measures the size recorded in {@code docs/routing.md}
 * ({@code -Drhizome.stretch.pairs}, {@code -Drhizome.stretch.seed} and {@code -Drhizome.stretch.cycles}
 * likewise). The numbers go to stdout.
 */
class RouteStretchTest {

    private static final int NODES = Integer.getInteger("rhizome.stretch.nodes", 300);
    private static final int PAIRS = Integer.getInteger("rhizome.stretch.pairs", 200);
    private static final int CYCLES = Integer.getInteger("rhizome.stretch.cycles", 10);
    private static final long SEED = Long.getLong("rhizome.stretch.seed", 7);
    private static final int TTL = 16;

    @Test
    void theSearchFindsEveryRouteAndWithEqualLatenciesItIsAShortestOne() {
        RouteStretch overlay = new RouteStretch(NODES, CYCLES, SEED);
        RouteStretch.Result equal = overlay.measure(PAIRS, 0, TTL);
        RouteStretch.Result jittered = overlay.measure(PAIRS, 20, TTL);
        System.out.println("route stretch, seed " + SEED + ", " + CYCLES + " cycles, equal latencies: " + equal.describe());
        System.out.println("route stretch, seed " + SEED + ", " + CYCLES + " cycles, latencies 1-20 ms: " + jittered.describe());
        String seed = " (seed " + SEED + ")";
        assertEquals(PAIRS, equal.found(), "every search found its target" + seed);
        assertEquals(PAIRS, jittered.found(), "every search found its target" + seed);
        assertEquals(1.0, equal.meanStretch(), 1e-12, "equal latencies make the flood a breadth-first search" + seed);
        assertTrue(jittered.meanStretch() >= 1.0 && jittered.meanStretch() < 2.0, jittered.describe() + seed);
        assertTrue(equal.meanProbes() <= 2.0 * 6 * NODES, "at most one probe per directed link" + seed);
    }
}
