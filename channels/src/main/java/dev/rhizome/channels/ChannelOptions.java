package dev.rhizome.channels;

import dev.rhizome.overlay.config.ConfigException;

/**
 * Per-channel transport options that {@code ChannelSpec} does not (yet) carry, given to
 * {@link TransportConfig} keyed by channel name. A channel without an entry uses {@link #DEFAULT}.
 *
 * @param monotonic            coalesce pending messages while a lane is backlogged (see {@code docs/channels.md})
 * @param compression          the codec for payloads of at least {@code compressionThreshold} bytes
 * @param compressionThreshold payloads shorter than this are sent uncompressed
 * @param delivery             the delivery guarantee (see {@code docs/channels.md})
 * @param window               reliable channels: the most unacknowledged messages per peer before sends
 *                             fail with {@code BACKPRESSURE}; also the receiver's de-duplication window
 */
public record ChannelOptions(boolean monotonic, Compression compression, int compressionThreshold,
        Delivery delivery, int window) {

    /** The delivery guarantee of a channel. */
    public enum Delivery {
        /** A message is lost only if its future failed (or the connection was reset after it was written). */
        AT_MOST_ONCE,
        /** Sequence numbers, acknowledgements and retransmission until acknowledged; duplicates possible. */
        AT_LEAST_ONCE,
        /** At-least-once plus receiver de-duplication by (sender incarnation, channel, sequence). */
        EFFECTIVELY_ONCE
    }

    /** The default window of a reliable channel. */
    public static final int DEFAULT_WINDOW = 4096;

    /** Payload compression, with one of Netty's own codecs. */
    public enum Compression {
        /** Payloads go as they are. */
        NONE,
        /** Netty's {@code io.netty.handler.codec.compression.Snappy} block format. */
        SNAPPY
    }

    /** A plain channel: not monotonic, no compression. */
    public static final ChannelOptions DEFAULT = new ChannelOptions(false, Compression.NONE, 0);

    /** Options with at-most-once delivery. */
    public ChannelOptions(boolean monotonic, Compression compression, int compressionThreshold) {
        this(monotonic, compression, compressionThreshold, Delivery.AT_MOST_ONCE, DEFAULT_WINDOW);
    }

    public ChannelOptions {
        if (delivery == null) {
            throw new ConfigException("delivery", "must not be null");
        }
        if (window < 1 || window > 1 << 20) {
            throw new ConfigException("window", window + " is not in 1..1048576");
        }
        if (monotonic && delivery != Delivery.AT_MOST_ONCE) {
            throw new ConfigException("delivery", "a monotonic channel coalesces, so it cannot also be reliable");
        }
        if (compression == null) {
            throw new ConfigException("compression", "must not be null");
        }
        if (compressionThreshold < 0) {
            throw new ConfigException("compression-threshold", compressionThreshold + " must not be negative");
        }
    }

    /** A monotonic channel without compression. */
    public static ChannelOptions monotonicChannel() {
        return new ChannelOptions(true, Compression.NONE, 0);
    }

    /** A copy that compresses payloads of at least {@code threshold} bytes with {@code codec}. */
    public ChannelOptions withCompression(Compression codec, int threshold) {
        return new ChannelOptions(monotonic, codec, threshold, delivery, window);
    }

    /** A copy with another delivery guarantee and window. */
    public ChannelOptions withDelivery(Delivery guarantee, int maxInFlight) {
        return new ChannelOptions(monotonic, compression, compressionThreshold, guarantee, maxInFlight);
    }

    /** Whether messages carry sequence numbers and are acknowledged. */
    public boolean reliable() {
        return delivery != Delivery.AT_MOST_ONCE;
    }

    /** Whether a payload of {@code payloadBytes} is compressed on this channel. */
    public boolean compresses(int payloadBytes) {
        return compression != Compression.NONE && payloadBytes >= compressionThreshold;
    }
}
