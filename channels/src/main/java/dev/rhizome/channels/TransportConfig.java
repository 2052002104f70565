package dev.rhizome.channels;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one {@link Transport}. The compact constructor validates everything and throws
 * {@link ConfigException} naming the setting as it is spelled in configuration files.
 *
 * @param name               this node's name
 * @param host               the address to bind and advertise
 * @param port               the port to bind; 0 picks an ephemeral port
 * @param incarnation        this start's incarnation
 * @param cluster            the cluster name; nodes of other clusters are refused
 * @param secret             the shared cluster secret (the "cookie"), at least 8 bytes
 * @param channels           the user channels; the transport adds {@link ChannelSpec#CONTROL} if absent
 * @param maxFrameBytes      the largest frame accepted or sent (default 64 MiB)
 * @param handshakeTimeout   how long a handshake may take (default 5 s)
 * @param reconnectMin       the first reconnect delay (default 50 ms)
 * @param reconnectMax       the cap of the exponential reconnect delay (default 5 s)
 * @param lowWatermarkBytes  a lane is writable again below this many pending bytes (default 256 KiB)
 * @param highWatermarkBytes a lane is backlogged above this many pending bytes (default 1 MiB)
 * @param maxQueuedBytes     a send fails with {@code BACKPRESSURE} beyond this many pending bytes (default 64 MiB)
 * @param ioThreads          Netty event-loop threads (default 1)
 * @param channelOptions     per-channel options keyed by channel name, overriding what the channel's
 *                           {@link ChannelSpec} declares (monotonic, compression, delivery); the record
 *                           holds the merged map: an entry for every channel whose spec has options
 */
public record TransportConfig(String name, String host, int port, long incarnation,
        String cluster, byte[] secret, List<ChannelSpec> channels,
        int maxFrameBytes, Duration handshakeTimeout,
        Duration reconnectMin, Duration reconnectMax,
        int lowWatermarkBytes, int highWatermarkBytes, int maxQueuedBytes,
        int ioThreads, Map<String, ChannelOptions> channelOptions) {

    /** The smallest accepted {@code max-frame-bytes}: room for any handshake message. */
    public static final int MIN_FRAME_BYTES = 1024;
    /** The shortest accepted secret. */
    public static final int MIN_SECRET_BYTES = 8;

    public TransportConfig {
        require(NodeId.isValidName(name), "name", "'" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        require(host != null && !host.isBlank(), "host", "must not be empty");
        require(port >= 0 && port <= 65535, "port", port + " is not in 0..65535");
        require(NodeId.isValidName(cluster), "cluster", "'" + cluster + "' must be 1-64 letters, digits, '.', '_' or '-'");
        require(secret != null && secret.length >= MIN_SECRET_BYTES, "cookie",
                "the cluster secret must be at least " + MIN_SECRET_BYTES + " bytes");
        require(channels != null, "channels", "must not be null");
        require(maxFrameBytes >= MIN_FRAME_BYTES && maxFrameBytes <= Integer.MAX_VALUE - 8, "max-frame-bytes",
                maxFrameBytes + " is not in " + MIN_FRAME_BYTES + ".." + (Integer.MAX_VALUE - 8));
        require(positive(handshakeTimeout), "handshake-timeout-ms", "must be positive");
        require(positive(reconnectMin), "reconnect-min-ms", "must be positive");
        require(positive(reconnectMax) && reconnectMax.compareTo(reconnectMin) >= 0, "reconnect-max-ms",
                "must be positive and at least reconnect-min-ms");
        require(lowWatermarkBytes > 0, "low-watermark-bytes", "must be positive");
        require(highWatermarkBytes >= lowWatermarkBytes, "high-watermark-bytes",
                highWatermarkBytes + " must be at least low-watermark-bytes (" + lowWatermarkBytes + ")");
        require(maxQueuedBytes >= highWatermarkBytes, "max-queued-bytes",
                maxQueuedBytes + " must be at least high-watermark-bytes (" + highWatermarkBytes + ")");
        require(ioThreads >= 1 && ioThreads <= 256, "io-threads", ioThreads + " is not in 1..256");
        secret = secret.clone();
        channels = withControl(channels);
        require(channelOptions != null, "channel-options", "must not be null");
        Set<String> known = new HashSet<>();
        channels.forEach(spec -> known.add(spec.name()));
        for (Map.Entry<String, ChannelOptions> e : channelOptions.entrySet()) {
            require(known.contains(e.getKey()), "channel-options", "channel '" + e.getKey() + "' is not configured");
            require(e.getValue() != null, "channel-options", "the options of '" + e.getKey() + "' are null");
        }
        Map<String, ChannelOptions> merged = new java.util.HashMap<>(channelOptions);
        for (ChannelSpec spec : channels) {
            if (spec.hasOptions()) {
                merged.putIfAbsent(spec.name(), ChannelOptions.of(spec));
            }
        }
        channelOptions = Map.copyOf(merged);
    }

    /** The constructor without channel options (every channel uses {@link ChannelOptions#DEFAULT}). */
    public TransportConfig(String name, String host, int port, long incarnation,
            String cluster, byte[] secret, List<ChannelSpec> channels,
            int maxFrameBytes, Duration handshakeTimeout,
            Duration reconnectMin, Duration reconnectMax,
            int lowWatermarkBytes, int highWatermarkBytes, int maxQueuedBytes,
            int ioThreads) {
        this(name, host, port, incarnation, cluster, secret, channels, maxFrameBytes, handshakeTimeout,
                reconnectMin, reconnectMax, lowWatermarkBytes, highWatermarkBytes, maxQueuedBytes, ioThreads, Map.of());
    }

    /** The options of {@code channel}. */
    public ChannelOptions options(String channel) {
        return channelOptions.getOrDefault(channel, ChannelOptions.DEFAULT);
    }

    /** A copy with other per-channel options. */
    public TransportConfig withChannelOptions(Map<String, ChannelOptions> options) {
        return new TransportConfig(name, host, port, incarnation, cluster, secret, channels, maxFrameBytes,
                handshakeTimeout, reconnectMin, reconnectMax, lowWatermarkBytes, highWatermarkBytes, maxQueuedBytes,
                ioThreads, options);
    }

    /** A configuration with every tunable at its default. */
    public static TransportConfig defaults(String name, String host, int port, long incarnation,
            String cluster, byte[] secret, List<ChannelSpec> channels) {
        return new TransportConfig(name, host, port, incarnation, cluster, secret, channels,
                64 << 20, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(5),
                256 << 10, 1 << 20, 64 << 20, 1);
    }

    /** A copy with other watermarks and queue limit. */
    public TransportConfig withWatermarks(int low, int high, int maxQueued) {
        return new TransportConfig(name, host, port, incarnation, cluster, secret, channels, maxFrameBytes,
                handshakeTimeout, reconnectMin, reconnectMax, low, high, maxQueued, ioThreads, channelOptions);
    }

    /** A copy with another handshake timeout. */
    public TransportConfig withHandshakeTimeout(Duration timeout) {
        return new TransportConfig(name, host, port, incarnation, cluster, secret, channels, maxFrameBytes,
                timeout, reconnectMin, reconnectMax, lowWatermarkBytes, highWatermarkBytes, maxQueuedBytes, ioThreads, channelOptions);
    }

    /** A copy with another maximum frame size. */
    public TransportConfig withMaxFrameBytes(int max) {
        return new TransportConfig(name, host, port, incarnation, cluster, secret, channels, max,
                handshakeTimeout, reconnectMin, reconnectMax, lowWatermarkBytes, highWatermarkBytes, maxQueuedBytes, ioThreads, channelOptions);
    }

    /** The secret (a copy). */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The largest payload a DATA frame can carry under {@link #maxFrameBytes}. */
    public int maxPayloadBytes() {
        return maxFrameBytes - 5;
    }

    private static List<ChannelSpec> withControl(List<ChannelSpec> channels) {
        List<ChannelSpec> all = new ArrayList<>(channels.size() + 1);
        Set<String> names = new HashSet<>();
        boolean control = false;
        for (ChannelSpec spec : channels) {
            require(spec != null, "channels", "contains null");
            require(names.add(spec.name()), "channels", "channel '" + spec.name() + "' is listed twice");
            control |= spec.name().equals(ChannelSpec.CONTROL);
            all.add(spec);
        }
        if (!control) {
            all.add(ChannelSpec.of(ChannelSpec.CONTROL));
        }
        return List.copyOf(all);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw new ConfigException(setting, problem);
        }
    }
}
