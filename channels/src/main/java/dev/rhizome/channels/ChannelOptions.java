package dev.rhizome.channels;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Compression;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.config.ConfigException;

/**
 * The transport options of one channel. Normally they come from the channel's {@link ChannelSpec}
 * ({@link #of(ChannelSpec)}); an entry in {@link TransportConfig#channelOptions()}, keyed by channel
 * name, overrides them.
 *
 * @param monotonic            coalesce pending messages while a lane is backlogged (see {@code docs/channels.md})
 * @param compression          the codec for payloads of at least {@code compressionThreshold} bytes
 * @param compressionThreshold payloads shorter than this are sent uncompressed
 * @param delivery             the delivery guarantee (see {@code docs/channels.md})
 * @param window               reliable channels: the most unacknowledged messages per peer before sends
 *                             fail with {@code BACKPRESSURE}; also the receiver's de-duplication window
 */
public record ChannelOptions(boolean monotonic, Compression compression, int compressionThreshold,
        DeliveryGuarantee delivery, int window) {

    /** The default window of a reliable channel. */
    public static final int DEFAULT_WINDOW = ChannelSpec.DEFAULT_WINDOW;

    /** A plain channel: not monotonic, no compression. */
    public static final ChannelOptions DEFAULT = new ChannelOptions(false, Compression.NONE, 0);

    /** Options with at-most-once delivery. */
    public ChannelOptions(boolean monotonic, Compression compression, int compressionThreshold) {
        this(monotonic, compression, compressionThreshold, DeliveryGuarantee.AT_MOST_ONCE, DEFAULT_WINDOW);
    }

    public ChannelOptions {
        if (delivery == null) {
            throw new ConfigException("delivery", "must not be null");
        }
        if (window < 1 || window > ChannelSpec.MAX_WINDOW) {
            throw new ConfigException("window", window + " is not in 1..1048576");
        }
        if (monotonic && delivery != DeliveryGuarantee.AT_MOST_ONCE) {
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
    public ChannelOptions withDelivery(DeliveryGuarantee guarantee, int maxInFlight) {
        return new ChannelOptions(monotonic, compression, compressionThreshold, guarantee, maxInFlight);
    }

    /** The options a {@link ChannelSpec} declares. */
    public static ChannelOptions of(ChannelSpec spec) {
        if (!spec.hasOptions()) {
            return DEFAULT;
        }
        return new ChannelOptions(spec.monotonic(), spec.compression(), spec.compressionThreshold(), spec.delivery(),
                spec.window());
    }

    /** Whether messages carry sequence numbers and are acknowledged. */
    public boolean reliable() {
        return delivery != DeliveryGuarantee.AT_MOST_ONCE;
    }

    /** Whether a payload of {@code payloadBytes} is compressed on this channel. */
    public boolean compresses(int payloadBytes) {
        return compression != Compression.NONE && payloadBytes >= compressionThreshold;
    }
}
