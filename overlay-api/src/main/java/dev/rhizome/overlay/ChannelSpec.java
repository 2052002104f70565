package dev.rhizome.overlay;

/**
 * A named channel. Each channel has its own TCP connections to every peer, so traffic on one
 * channel never waits behind traffic on another.
 *
 * <p>{@code parallelism} is the number of connections ("lanes") per peer. A send with a partition key
 * uses lane {@code floorMod(key, parallelism)}, which keeps per-key FIFO order; a send without a key
 * takes the lanes in turn.
 *
 * @param name        the channel's name: letters, digits, {@code . _ -}
 * @param parallelism connections per peer, 1 to {@value #MAX_PARALLELISM}
 */
public record ChannelSpec(String name, int parallelism) {

    /** The most lanes one channel may open per peer. */
    public static final int MAX_PARALLELISM = 64;

    /** The channel every node has, used when a send names no channel. */
    public static final String DEFAULT = "default";

    /** The reserved channel that carries membership and heartbeats. */
    public static final String CONTROL = "rhizome.control";

    public ChannelSpec {
        if (!NodeId.isValidName(name)) {
            throw new IllegalArgumentException("channel name '" + name
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("channel '" + name + "': parallelism " + parallelism
                    + " is not in 1.." + MAX_PARALLELISM);
        }
    }

    /** A channel with one connection per peer. */
    public static ChannelSpec of(String name) {
        return new ChannelSpec(name, 1);
    }

    /** A channel with {@code parallelism} connections per peer. */
    public static ChannelSpec parallel(String name, int parallelism) {
        return new ChannelSpec(name, parallelism);
    }

    /** The lane a send with this partition key uses. */
    public int laneFor(long partitionKey) {
        return (int) Math.floorMod(partitionKey, (long) parallelism);
    }

    /** Parses {@code name} or {@code name:parallelism}. */
    public static ChannelSpec parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon < 0) {
            return of(trimmed);
        }
        String count = trimmed.substring(colon + 1).trim();
        try {
            return new ChannelSpec(trimmed.substring(0, colon).trim(), Integer.parseInt(count));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel '" + trimmed + "': parallelism '" + count
                    + "' is not a whole number");
        }
    }

    @Override
    public String toString() {
        return name + ":" + parallelism;
    }
}
