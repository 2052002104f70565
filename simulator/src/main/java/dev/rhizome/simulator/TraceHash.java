package dev.rhizome.simulator;

/**
 * A running 64-bit fingerprint of every input a simulation delivered: when, to whom, what kind, from
 * whom and which message or timer type. Two runs with equal hashes delivered the same inputs in the same
 * order. Only values with stable hash codes go in (names, never identity hashes), so the hash is also
 * stable across JVM runs.
 */
public final class TraceHash {

    private long hash = 0x9E3779B97F4A7C15L;
    private long count;

    /** Folds one delivered input into the hash. */
    void add(long at, int node, int kind, int peer, int detail) {
        hash = mix(hash ^ at);
        hash = mix(hash ^ ((long) node << 32 | (kind & 0xFF) << 24) ^ peer);
        hash = mix(hash ^ detail);
        count++;
    }

    /** The fingerprint so far. */
    public long value() {
        return hash;
    }

    /** How many inputs went into it. */
    public long count() {
        return count;
    }

    /** A stable hash of a message or timer key: its class name, and an enum constant's name. */
    static int stableHash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Enum<?> constant) {
            return constant.getDeclaringClass().getName().hashCode() * 31 + constant.name().hashCode();
        }
        if (value instanceof String || value instanceof Number) {
            return value.hashCode();
        }
        return value.getClass().getName().hashCode();
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return String.format("%016x after %d inputs", hash, count);
    }
}
