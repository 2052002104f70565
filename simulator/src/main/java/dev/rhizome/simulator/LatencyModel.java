package dev.rhizome.simulator;

import java.util.random.RandomGenerator;

/** How long one message or connection event takes to cross the network, drawn per event. */
@FunctionalInterface
public interface LatencyModel {

    /** One latency sample in milliseconds, at least 0, drawn from {@code random}. */
    long sampleMillis(RandomGenerator random);

    /** Every event takes exactly {@code millis}. */
    static LatencyModel constant(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must not be negative, was " + millis);
        }
        return random -> millis;
    }

    /** Latency uniform in {@code [minMillis, maxMillis]}. */
    static LatencyModel uniform(long minMillis, long maxMillis) {
        if (minMillis < 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 0 <= min <= max, was " + minMillis + ".." + maxMillis);
        }
        long span = maxMillis - minMillis + 1;
        return random -> minMillis + random.nextLong(span);
    }
}
