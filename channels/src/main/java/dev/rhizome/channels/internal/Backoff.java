package dev.rhizome.channels.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter: attempt {@code n} waits {@code min * 2^n}, capped, times 0.5..1. */
public final class Backoff {

    private final long minNanos;
    private final long maxNanos;

    public Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The delay before attempt {@code attempt} (0-based), in nanoseconds. */
    public long delayNanos(int attempt) {
        long base = minNanos << Math.min(attempt, 30);
        if (base <= 0 || base > maxNanos) {
            base = maxNanos;
        }
        double jitter = 0.5 + 0.5 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (base * jitter));
    }
}
