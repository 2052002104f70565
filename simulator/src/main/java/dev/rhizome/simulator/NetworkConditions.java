package dev.rhizome.simulator;

/**
 * The network a {@link Simulation} models.
 *
 * @param latency          how long each message and connection event takes, per direction
 * @param lossRate         the chance, 0..1, that a message on an open connection is silently lost
 * @param crashNotice      how peers learn of a crash
 * @param wireCheck        whether every message is encoded and decoded with the sender's ProtoStream
 *                         schemas on the way (proves wire compatibility; off for large runs)
 * @param dialTimeoutMillis how long a dial across a partition waits before it fails
 * @param redialMillis     the first back-off before the runtime retries a wanted connection that went
 *                         down; it doubles on each failure up to 16 times that
 */
public record NetworkConditions(LatencyModel latency, double lossRate, CrashNotice crashNotice,
                                boolean wireCheck, long dialTimeoutMillis, long redialMillis) {

    public NetworkConditions {
        if (!(lossRate >= 0 && lossRate <= 1)) {
            throw new IllegalArgumentException("loss rate must be in 0..1, was " + lossRate);
        }
        if (dialTimeoutMillis <= 0 || redialMillis <= 0) {
            throw new IllegalArgumentException("dial timeout and redial back-off must be positive");
        }
    }

    /** 1–5 ms latency, no loss, crashes reset connections, wire check on. */
    public static NetworkConditions defaults() {
        return new NetworkConditions(LatencyModel.uniform(1, 5), 0, CrashNotice.RESET, true, 1_000, 100);
    }

    public NetworkConditions withLatency(LatencyModel value) {
        return new NetworkConditions(value, lossRate, crashNotice, wireCheck, dialTimeoutMillis, redialMillis);
    }

    public NetworkConditions withLossRate(double value) {
        return new NetworkConditions(latency, value, crashNotice, wireCheck, dialTimeoutMillis, redialMillis);
    }

    public NetworkConditions withCrashNotice(CrashNotice value) {
        return new NetworkConditions(latency, lossRate, value, wireCheck, dialTimeoutMillis, redialMillis);
    }

    public NetworkConditions withWireCheck(boolean value) {
        return new NetworkConditions(latency, lossRate, crashNotice, value, dialTimeoutMillis, redialMillis);
    }
}
