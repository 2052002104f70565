package dev.rhizome.membership.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.detector.PhiAccrualDetector.Settings;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector against synthetic heartbeat series in virtual time. */
class PhiAccrualDetectorTest {

    private static final String PEER = "b";

    /** Feeds {@code count} heartbeats {@code every} ms apart starting at {@code start}; returns the last arrival. */
    private static long regular(PhiAccrualDetector<String> detector, long start, long every, int count) {
        long at = start;
        for (int i = 0; i < count; i++) {
            at = start + i * every;
            detector.heartbeat(PEER, at);
        }
        return at;
    }

    @Test
    void defaultDetectionTimeMatchesTheDocumentedFormula() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        double z = PhiAccrualDetector.thresholdZ(8.0);
        assertEquals(5.22, z, 0.01);
        assertEquals(461, detector.detectionTimeMillis(), 1);
    }

    @Test
    void aSilentRegularPeerIsSuspectedAtTheDetectionTime() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        long last = regular(detector, 1_000, 200, 150);   // the bootstrap samples have left the window
        long detect = detector.detectionTimeMillis();

        assertTrue(detector.phi(PEER, last + 200) < 1.0, "on-time silence is not suspicious");
        assertTrue(detector.isAvailable(PEER, last + detect - 5));
        assertFalse(detector.isAvailable(PEER, last + detect + 5));
    }

    @Test
    void phiGrowsWithSilence() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        long last = regular(detector, 0, 200, 20);
        double previous = -1;
        for (long t = last; t < last + 2_000; t += 10) {
            double phi = detector.phi(PEER, t);
            assertTrue(phi >= previous, "phi must not fall while silence grows, at +" + (t - last));
            previous = phi;
        }
        assertEquals(Double.POSITIVE_INFINITY, detector.phi(PEER, last + 100_000));
    }

    @Test
    void theFirstHeartbeatBootstrapsAnEstimate() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        detector.heartbeat(PEER, 5_000);
        // seeded with mean = interval and σ = interval / 4 = σmin, so the same 461 ms applies
        assertTrue(detector.isAvailable(PEER, 5_000 + 455));
        assertFalse(detector.isAvailable(PEER, 5_000 + 467));
    }

    @Test
    void acceptablePauseShiftsDetectionByThePause() {
        Settings settings = new Settings(8.0, 200, 50, 1_000, 100);
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(settings);
        assertEquals(1_461, detector.detectionTimeMillis(), 1);
        long last = regular(detector, 0, 200, 150);
        assertTrue(detector.isAvailable(PEER, last + 1_455));
        assertFalse(detector.isAvailable(PEER, last + 1_467));
    }

    @Test
    void jitterWidensTheTolerance() {
        long seed = 42L;
        Random random = new Random(seed);
        PhiAccrualDetector<String> jittery = new PhiAccrualDetector<>(Settings.defaults());
        PhiAccrualDetector<String> steady = new PhiAccrualDetector<>(Settings.defaults());
        long at = 0;
        for (int i = 0; i < 100; i++) {
            at += Math.max(1, Math.round(200 + 100 * random.nextGaussian()));
            jittery.heartbeat(PEER, at);
        }
        long steadyLast = regular(steady, 0, 200, 100);
        assertTrue(jittery.phi(PEER, at + 500) < steady.phi(PEER, steadyLast + 500),
                "seed " + seed + ": a jittery history must tolerate more silence");
        assertTrue(jittery.isAvailable(PEER, at + 500), "seed " + seed);
    }

    @Test
    void onTimeHeartbeatsUnderGaussianJitterAreNeverSuspected() {
        long seed = 20261122L;
        Random random = new Random(seed);
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        long at = 0;
        for (int i = 0; i < 2_000; i++) {
            long next = at + Math.max(1, Math.round(200 + 20 * random.nextGaussian()));
            // just before each heartbeat arrives the peer must still look available
            assertTrue(detector.isAvailable(PEER, next - 1), "seed " + seed + ", heartbeat " + i);
            detector.heartbeat(PEER, next);
            at = next;
        }
    }

    @Test
    void theWindowForgetsOldIntervals() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(new Settings(8.0, 1_000, 50, 0, 10));
        long last = regular(detector, 0, 1_000, 20);
        assertTrue(detector.isAvailable(PEER, last + 1_200), "a 1 s rhythm tolerates 1.2 s");
        last = regular(detector, last + 100, 100, 11);      // ten 100 ms intervals fill the window
        assertFalse(detector.isAvailable(PEER, last + 1_200), "the old 1 s rhythm is forgotten");
    }

    @Test
    void unknownAndRemovedPeersAreNotSuspected() {
        PhiAccrualDetector<String> detector = new PhiAccrualDetector<>(Settings.defaults());
        assertEquals(0.0, detector.phi("nobody", 1_000_000));
        assertFalse(detector.isMonitoring(PEER));
        detector.heartbeat(PEER, 0);
        assertTrue(detector.isMonitoring(PEER));
        detector.remove(PEER);
        assertEquals(0.0, detector.phi(PEER, 1_000_000));
    }

    @Test
    void logisticApproximationIsCloseToTheNormalTail() {
        // P(Z > 1.2816) = 0.1; the approximation is absolute-accurate, so far tails drift by a few percent, P(Z > 2.3263) = 0.01, P(Z > 3.0902) = 0.001
        assertEquals(1.0, PhiAccrualDetector.phi(1.2816, 0, 1), 0.01);
        assertEquals(2.0, PhiAccrualDetector.phi(2.3263, 0, 1), 0.02);
        assertEquals(3.0, PhiAccrualDetector.phi(3.0902, 0, 1), 0.06);
        assertEquals(-Math.log10(0.5), PhiAccrualDetector.phi(0, 0, 1), 1e-9);
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Settings(0, 200, 50, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, 0, 50, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, 200, 0, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, 200, 50, -1, 100));
        assertThrows(IllegalArgumentException.class, () -> new Settings(8, 200, 50, 0, 1));
    }
}
