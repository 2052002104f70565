package dev.rhizome.membership.detector;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A phi-accrual failure detector over any number of peers, keyed by {@code K}.
 *
 * <p>For each peer it keeps the last {@link Settings#maxSamples()} heartbeat inter-arrival times and
 * models the next interval as a normal distribution with their mean {@code μ} and standard deviation
 * {@code σ}. At time {@code now}, with {@code Δ = now − lastHeartbeat}, the suspicion is
 * <pre>
 *   φ(now) = −log10( P(interval &gt; Δ) ) = −log10( 1 − F((Δ − μ − pause) / max(σ, σmin)) )
 * </pre>
 * where {@code F} is the logistic approximation of the standard normal CDF that Akka and Pekko use,
 * {@code F(y) = 1 / (1 + e^(−y·(1.5976 + 0.070566·y²)))} (absolute error about 10<sup>-4</sup> against the exact CDF; in the far tail phi reads a
 * few percent high, so the exact-normal {@code z} for threshold 8 would be 5.61 instead of 5.22).
 * The peer is suspected when {@code φ > threshold}.
 *
 * <h2>Detection time</h2>
 * A peer that stops sending is suspected {@code t_detect} after its last heartbeat arrived:
 * <pre>
 *   t_detect = μ + pause + z · max(σ, σmin),   z solving −log10(1 − F(z)) = threshold
 * </pre>
 * On a quiet network the heartbeats arrive almost exactly every {@code interval}, so {@code μ ≈ interval}
 * and {@code σ ≪ σmin}: {@code t_detect ≈ interval + pause + z · σmin}. With the defaults
 * ({@code interval = 200 ms}, {@code threshold = 8}, {@code σmin = 50 ms}, {@code pause = 1000 ms}),
 * {@code z ≈ 5.22} and {@code t_detect ≈ 200 + 1000 + 5.22 · 50 ≈ 1461 ms}. {@link #detectionTimeMillis()}
 * computes it for the configured settings. A caller that checks phi every {@code c} ms adds up to
 * {@code c} to that.
 *
 * <h2>Bootstrap</h2>
 * The first heartbeat from a peer has no interval to learn from, so the window is seeded with two
 * samples {@code interval ± interval/4}: mean {@code interval}, standard deviation {@code interval/4}.
 *
 * <p>Pure and single-threaded: time is always passed in, nothing is read from a clock.
 *
 * @param <K> how peers are identified
 */
public final class PhiAccrualDetector<K> {

    /**
     * The detector's settings.
     *
     * @param threshold           phi above which a peer is suspected, e.g. 8
     * @param heartbeatIntervalMs the interval at which peers send heartbeats; seeds the first estimate
     * @param minStdDevMs         the least standard deviation assumed, so a very regular history does
     *                            not make a tiny delay look fatal
     * @param acceptablePauseMs   extra silence tolerated on top of the mean (GC pauses, hiccups)
     * @param maxSamples          inter-arrival times remembered per peer
     */
    public record Settings(double threshold, long heartbeatIntervalMs, long minStdDevMs,
                           long acceptablePauseMs, int maxSamples) {
        public Settings {
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("phi threshold must be a positive number, not " + threshold);
            }
            if (heartbeatIntervalMs <= 0) {
                throw new IllegalArgumentException("heartbeat interval must be positive, not " + heartbeatIntervalMs);
            }
            if (minStdDevMs <= 0) {
                throw new IllegalArgumentException("minimum standard deviation must be positive, not " + minStdDevMs);
            }
            if (acceptablePauseMs < 0) {
                throw new IllegalArgumentException("acceptable pause must not be negative, not " + acceptablePauseMs);
            }
            if (maxSamples < 2) {
                throw new IllegalArgumentException("the sample window needs at least 2 samples, not " + maxSamples);
            }
        }

        /** The defaults: threshold 8, 200 ms heartbeats, 50 ms minimum deviation, no pause, 100 samples. */
        public static Settings defaults() {
            return new Settings(8.0, 200, 50, 0, 100);
        }
    }

    private final Settings settings;
    private final Map<K, PeerState> peers = new HashMap<>();

    public PhiAccrualDetector(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** Records a heartbeat from {@code peer} arriving at {@code nowMillis}. */
    public void heartbeat(K peer, long nowMillis) {
        PeerState state = peers.get(peer);
        if (state == null) {
            state = new PeerState(new HeartbeatHistory(settings.maxSamples()));
            long interval = settings.heartbeatIntervalMs();
            long spread = Math.max(1, interval / 4);
            state.history.add(interval - spread);
            state.history.add(interval + spread);
            peers.put(peer, state);
        } else {
            long interval = nowMillis - state.lastArrival;
            if (interval >= 0) {
                state.history.add(interval);
            }
        }
        state.lastArrival = Math.max(state.lastArrival, nowMillis);
    }

    /** Whether any heartbeat from {@code peer} has been recorded (since it was last removed). */
    public boolean isMonitoring(K peer) {
        return peers.containsKey(peer);
    }

    /** The suspicion level of {@code peer} at {@code nowMillis}; 0 for a peer never heard from. */
    public double phi(K peer, long nowMillis) {
        PeerState state = peers.get(peer);
        if (state == null) {
            return 0.0;
        }
        double elapsed = nowMillis - state.lastArrival;
        double mean = state.history.mean() + settings.acceptablePauseMs();
        double stdDev = Math.max(state.history.standardDeviation(), settings.minStdDevMs());
        return phi(elapsed, mean, stdDev);
    }

    /** Whether {@code peer} is not suspected at {@code nowMillis} (phi at most the threshold). */
    public boolean isAvailable(K peer, long nowMillis) {
        return phi(peer, nowMillis) <= settings.threshold();
    }

    /** Forgets {@code peer}'s history, e.g. when it leaves or is declared down. */
    public void remove(K peer) {
        peers.remove(peer);
    }

    /**
     * The steady-state detection time in ms: how long after the last heartbeat a perfectly regular
     * peer that falls silent is suspected, {@code interval + pause + z · σmin} (see the class comment).
     */
    public long detectionTimeMillis() {
        return Math.round(settings.heartbeatIntervalMs() + settings.acceptablePauseMs()
                + thresholdZ(settings.threshold()) * settings.minStdDevMs());
    }

    /** The {@code z} with {@code −log10(1 − F(z)) = threshold}, found by bisection. */
    static double thresholdZ(double threshold) {
        double low = 0.0;
        double high = 40.0;
        for (int i = 0; i < 100; i++) {
            double mid = (low + high) / 2;
            if (phi(mid, 0.0, 1.0) > threshold) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return (low + high) / 2;
    }

    /**
     * {@code −log10(1 − F(y))} with {@code y = (elapsed − mean) / stdDev} and {@code F} the logistic
     * approximation of the normal CDF. Rearranged per branch so neither side loses precision.
     */
    static double phi(double elapsed, double mean, double stdDev) {
        double y = (elapsed - mean) / stdDev;
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        if (elapsed > mean) {
            return -Math.log10(e / (1.0 + e));
        }
        return -Math.log10(1.0 - 1.0 / (1.0 + e));
    }

    private static final class PeerState {
        final HeartbeatHistory history;
        long lastArrival = Long.MIN_VALUE;

        PeerState(HeartbeatHistory history) {
            this.history = history;
        }
    }
}
