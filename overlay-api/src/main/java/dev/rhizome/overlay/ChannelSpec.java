package dev.rhizome.overlay;

import java.util.Locale;

/**
 * A named channel, and everything a user declares about it in one place. Each channel has its own
 * TCP connections to every peer, so traffic on one channel never waits behind traffic on another.
 *
 * <p>{@code parallelism} is the number of connections ("lanes") per peer. A send with a partition key
 * uses lane {@code floorMod(key, parallelism)}, which keeps per-key FIFO order; a send without a key
 * takes the lanes in turn.
 *
 * <p>The other components choose how the channel behaves (see {@code docs/channels.md}); a channel made
 * by {@link #of} or {@link #parallel} is plain: not monotonic, uncompressed, at-most-once. For example
 * <pre>
 *   ChannelSpec.of("crdt").withMonotonic(true)
 *   ChannelSpec.parallel("bulk", 4).withCompression(Compression.SNAPPY, 1024)
 *   ChannelSpec.of("orders").withDelivery(DeliveryGuarantee.EFFECTIVELY_ONCE)
 * </pre>
 * The same options must be declared on every node of a cluster (they are not negotiated).
 *
 * @param name                 the channel's name: letters, digits, {@code . _ -}
 * @param parallelism          connections per peer, 1 to {@value #MAX_PARALLELISM}
 * @param monotonic            while a lane is backlogged, only the newest pending message per partition key
 *                             is sent; cannot be combined with a reliable {@code delivery}
 * @param compression          the codec for payloads of at least {@code compressionThreshold} bytes
 * @param compressionThreshold payloads shorter than this go uncompressed (0 or more)
 * @param delivery             the channel's default delivery guarantee; a send may choose another
 * @param window               reliable sends: the most sequence numbers in flight per peer before sends
 *                             push back; also the receiver's de-duplication window (1 to 2^20)
 */
public record ChannelSpec(String name, int parallelism, boolean monotonic, Compression compression,
        int compressionThreshold, DeliveryGuarantee delivery, int window) {

    /** The most lanes one channel may open per peer. */
    public static final int MAX_PARALLELISM = 64;

    /** The channel every node has, used when a send names no channel. */
    public static final String DEFAULT = "default";

    /** The reserved channel that carries membership and heartbeats. */
    public static final String CONTROL = "rhizome.control";

    /** The default {@link #window} of reliable sends. */
    public static final int DEFAULT_WINDOW = 4096;

    /** The largest {@link #window}. */
    public static final int MAX_WINDOW = 1 << 20;

    public ChannelSpec {
        if (!NodeId.isValidName(name)) {
            throw new IllegalArgumentException("channel name '" + name
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("channel '" + name + "': parallelism " + parallelism
                    + " is not in 1.." + MAX_PARALLELISM);
        }
        if (compression == null || delivery == null) {
            throw new IllegalArgumentException("channel '" + name + "': compression and delivery must not be null");
        }
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("channel '" + name + "': compression threshold "
                    + compressionThreshold + " must not be negative");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("channel '" + name + "': window " + window + " is not in 1.." + MAX_WINDOW);
        }
        if (monotonic && delivery.reliable()) {
            throw new IllegalArgumentException("channel '" + name + "': a monotonic channel coalesces messages, so its"
                    + " delivery cannot be " + delivery);
        }
    }

    /** A plain channel (not monotonic, uncompressed, at-most-once) with {@code parallelism} lanes. */
    public ChannelSpec(String name, int parallelism) {
        this(name, parallelism, false, Compression.NONE, 0, DeliveryGuarantee.AT_MOST_ONCE, DEFAULT_WINDOW);
    }

    /** A channel with one connection per peer. */
    public static ChannelSpec of(String name) {
        return new ChannelSpec(name, 1);
    }

    /** A channel with {@code parallelism} connections per peer. */
    public static ChannelSpec parallel(String name, int parallelism) {
        return new ChannelSpec(name, parallelism);
    }

    /** A monotonic channel with one connection per peer. */
    public static ChannelSpec monotonic(String name) {
        return of(name).withMonotonic(true);
    }

    /** A copy that is (or is not) monotonic. */
    public ChannelSpec withMonotonic(boolean coalesce) {
        return new ChannelSpec(name, parallelism, coalesce, compression, compressionThreshold, delivery, window);
    }

    /** A copy that compresses payloads of at least {@code threshold} bytes with {@code codec}. */
    public ChannelSpec withCompression(Compression codec, int threshold) {
        return new ChannelSpec(name, parallelism, monotonic, codec, threshold, delivery, window);
    }

    /** A copy with another default delivery guarantee. */
    public ChannelSpec withDelivery(DeliveryGuarantee guarantee) {
        return new ChannelSpec(name, parallelism, monotonic, compression, compressionThreshold, guarantee, window);
    }

    /** A copy with another default delivery guarantee and reliable window. */
    public ChannelSpec withDelivery(DeliveryGuarantee guarantee, int reliableWindow) {
        return new ChannelSpec(name, parallelism, monotonic, compression, compressionThreshold, guarantee, reliableWindow);
    }

    /** Whether any option differs from a plain channel's. */
    public boolean hasOptions() {
        return monotonic || compression != Compression.NONE || delivery != DeliveryGuarantee.AT_MOST_ONCE
                || window != DEFAULT_WINDOW;
    }

    /** The lane a send with this partition key uses. */
    public int laneFor(long partitionKey) {
        return (int) Math.floorMod(partitionKey, (long) parallelism);
    }

    /**
     * Parses {@code name[:parallelism][:option]...}, the form {@link #toString} prints. Options:
     * {@code monotonic}, {@code snappy} or {@code snappy=THRESHOLD}, {@code at-least-once},
     * {@code effectively-once}, {@code window=N}.
     */
    public static ChannelSpec parse(String text) {
        String trimmed = text.trim();
        String[] parts = trimmed.split(":");
        ChannelSpec spec = of(parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            String option = part.toLowerCase(Locale.ROOT);
            if (i == 1 && !option.isEmpty() && Character.isDigit(option.charAt(0))) {
                try {
                    spec = new ChannelSpec(spec.name, Integer.parseInt(part), false, Compression.NONE, 0,
                            DeliveryGuarantee.AT_MOST_ONCE, DEFAULT_WINDOW);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("channel '" + trimmed + "': parallelism '" + part
                            + "' is not a whole number");
                }
            } else if (option.equals("monotonic")) {
                spec = spec.withMonotonic(true);
            } else if (option.equals("snappy")) {
                spec = spec.withCompression(Compression.SNAPPY, 0);
            } else if (option.startsWith("snappy=")) {
                spec = spec.withCompression(Compression.SNAPPY, number(trimmed, part, option.substring(7)));
            } else if (option.equals("at-least-once") || option.equals("effectively-once") || option.equals("at-most-once")) {
                spec = spec.withDelivery(DeliveryGuarantee.valueOf(option.replace('-', '_').toUpperCase(Locale.ROOT)));
            } else if (option.startsWith("window=")) {
                spec = spec.withDelivery(spec.delivery, number(trimmed, part, option.substring(7)));
            } else if (i == 1) {
                throw new IllegalArgumentException("channel '" + trimmed + "': parallelism '" + part
                        + "' is not a whole number");
            } else {
                throw new IllegalArgumentException("channel '" + trimmed + "': unknown option '" + part
                        + "' (monotonic, snappy[=threshold], at-least-once, effectively-once, window=N)");
            }
        }
        return spec;
    }

    private static int number(String spec, String part, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel '" + spec + "': '" + part + "' needs a whole number");
        }
    }

    /** {@code name:parallelism}, followed by the options that differ from a plain channel's, as {@link #parse} reads them. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(':').append(parallelism);
        if (monotonic) {
            s.append(":monotonic");
        }
        if (compression == Compression.SNAPPY) {
            s.append(":snappy=").append(compressionThreshold);
        }
        if (delivery != DeliveryGuarantee.AT_MOST_ONCE) {
            s.append(':').append(delivery.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (window != DEFAULT_WINDOW) {
            s.append(":window=").append(window);
        }
        return s.toString();
    }
}
