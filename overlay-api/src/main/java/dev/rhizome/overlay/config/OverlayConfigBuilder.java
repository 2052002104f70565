package dev.rhizome.overlay.config;

import static dev.rhizome.overlay.config.SettingParser.doubleIn;
import static dev.rhizome.overlay.config.SettingParser.intIn;
import static dev.rhizome.overlay.config.SettingParser.millisIn;
import static dev.rhizome.overlay.config.SettingParser.name;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.codec.PayloadCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * Builds an {@link OverlayConfig}. Every setting is kept as text under its properties-file name, so
 * the builder, the properties file and the command line share one parser and one set of error
 * messages; {@link #build()} validates them all.
 */
public final class OverlayConfigBuilder {

    /** The core settings and their defaults ({@code null}: no default). */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("name", null);
        defaults.put("host", "127.0.0.1");
        defaults.put("port", "0");
        defaults.put("cluster", "rhizome");
        defaults.put("cookie", null);
        defaults.put("cookie-file", null);
        defaults.put("seeds", "");
        defaults.put("topology", "fullmesh");
        defaults.put("jmx-port", null);
        defaults.put("channels", "");
        defaults.put("max-frame-bytes", Integer.toString(64 << 20));
        defaults.put("handshake-timeout-ms", "5000");
        defaults.put("reconnect-min-ms", "50");
        defaults.put("reconnect-max-ms", "5000");
        defaults.put("low-watermark-bytes", Integer.toString(256 << 10));
        defaults.put("high-watermark-bytes", Integer.toString(1 << 20));
        defaults.put("max-queued-bytes", Integer.toString(64 << 20));
        defaults.put("send-timeout-ms", "10000");
        defaults.put("heartbeat-interval-ms", "200");
        defaults.put("phi-threshold", "8");
        defaults.put("phi-min-stddev-ms", "50");
        defaults.put("phi-acceptable-pause-ms", "1000");
        defaults.put("io-threads", "1");
        defaults.put("route-ttl", Integer.toString(OverlayConfig.DEFAULT_ROUTE_TTL));
        DEFAULTS = java.util.Collections.unmodifiableMap(defaults);
    }

    private final Map<String, String> values = new TreeMap<>();
    private final List<PayloadCodec> codecs = new ArrayList<>();
    private final List<SerializationContextInitializer> schemas = new ArrayList<>();

    OverlayConfigBuilder() {}

    /** The names of the core settings, in documentation order. */
    public static Set<String> settingNames() {
        return DEFAULTS.keySet();
    }

    /**
     * Sets any setting by its properties-file name: a core setting, {@code metadata.<key>}, or
     * {@code <topology>.<key>}. An unknown name fails here, listing the valid ones.
     */
    public OverlayConfigBuilder set(String setting, String value) {
        String key = setting.trim();
        if (!DEFAULTS.containsKey(key) && !key.contains(".")) {
            throw new ConfigException(key, "unknown setting; valid settings: " + String.join(", ", DEFAULTS.keySet())
                    + ", metadata.<key>, <topology>.<key>");
        }
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        return this;
    }

    public OverlayConfigBuilder host(String host) {
        return set("host", host);
    }

    public OverlayConfigBuilder port(int port) {
        return set("port", Integer.toString(port));
    }

    public OverlayConfigBuilder cluster(String cluster) {
        return set("cluster", cluster);
    }

    /** The shared secret itself; takes precedence over {@link #cookieFile}. */
    public OverlayConfigBuilder cookie(String secret) {
        return set("cookie", secret);
    }

    /** A file holding the shared secret (default {@code ~/.rhizome/cookie}, created if missing). */
    public OverlayConfigBuilder cookieFile(Path file) {
        return set("cookie-file", file.toString());
    }

    /** Seeds as {@code host:port} strings. */
    public OverlayConfigBuilder seeds(String... hostPorts) {
        return set("seeds", String.join(",", hostPorts));
    }

    /** The most hops a relayed message may travel ({@code route-ttl}, 1..255, default 16). */
    public OverlayConfigBuilder routeTtl(int hops) {
        return set("route-ttl", Integer.toString(hops));
    }

    public OverlayConfigBuilder topology(String topology) {
        return set("topology", topology);
    }

    public OverlayConfigBuilder jmxPort(int port) {
        return set("jmx-port", Integer.toString(port));
    }

    /** Adds a channel (besides {@code default}). */
    public OverlayConfigBuilder channel(ChannelSpec channel) {
        String existing = values.getOrDefault("channels", "");
        return set("channels", existing.isBlank() ? channel.toString() : existing + "," + channel);
    }

    public OverlayConfigBuilder maxFrameBytes(int bytes) {
        return set("max-frame-bytes", Integer.toString(bytes));
    }

    public OverlayConfigBuilder handshakeTimeout(Duration timeout) {
        return set("handshake-timeout-ms", Long.toString(timeout.toMillis()));
    }

    public OverlayConfigBuilder reconnectBackoff(Duration min, Duration max) {
        return set("reconnect-min-ms", Long.toString(min.toMillis())).set("reconnect-max-ms", Long.toString(max.toMillis()));
    }

    public OverlayConfigBuilder watermarks(int lowBytes, int highBytes) {
        return set("low-watermark-bytes", Integer.toString(lowBytes)).set("high-watermark-bytes", Integer.toString(highBytes));
    }

    public OverlayConfigBuilder maxQueuedBytes(int bytes) {
        return set("max-queued-bytes", Integer.toString(bytes));
    }

    public OverlayConfigBuilder sendTimeout(Duration timeout) {
        return set("send-timeout-ms", Long.toString(timeout.toMillis()));
    }

    public OverlayConfigBuilder heartbeatInterval(Duration interval) {
        return set("heartbeat-interval-ms", Long.toString(interval.toMillis()));
    }

    public OverlayConfigBuilder phiThreshold(double threshold) {
        return set("phi-threshold", Double.toString(threshold));
    }

    public OverlayConfigBuilder ioThreads(int threads) {
        return set("io-threads", Integer.toString(threads));
    }

    public OverlayConfigBuilder metadata(String key, String value) {
        return set("metadata." + key, value);
    }

    /** Registers the generated ProtoStream schema of user payload types. */
    public OverlayConfigBuilder schema(SerializationContextInitializer schema) {
        schemas.add(schema);
        return this;
    }

    /** Registers a user payload codec (ids 16 and up). */
    public OverlayConfigBuilder codec(PayloadCodec codec) {
        if (codec.id() < 16) {
            throw new ConfigException("codecs", "codec " + codec.getClass().getName() + " uses id " + codec.id()
                    + "; ids 0-15 are reserved for Rhizome");
        }
        codecs.add(codec);
        return this;
    }

    private String value(String key) {
        return values.containsKey(key) ? values.get(key) : DEFAULTS.get(key);
    }

    /** Validates every setting and builds the configuration. */
    public OverlayConfig build() {
        String nodeName = value("name");
        if (nodeName == null || nodeName.isBlank()) {
            throw new ConfigException("name", "is required");
        }
        nodeName = name("name", nodeName);
        String host = value("host").trim();
        if (host.isEmpty()) {
            throw new ConfigException("host", "is empty");
        }
        int port = intIn("port", value("port"), 0, 65535);
        String cluster = name("cluster", value("cluster"));
        byte[] secret = secret();
        List<InetSocketAddress> seeds = new ArrayList<>();
        for (String seed : value("seeds").split(",")) {
            if (!seed.isBlank()) {
                seeds.add(OverlayConfig.hostPort("seeds", seed));
            }
        }
        String topology = value("topology").trim();
        Optional<Integer> jmxPort = Optional.ofNullable(value("jmx-port")).filter(s -> !s.isBlank())
                .map(s -> intIn("jmx-port", s, 1, 65535));
        List<ChannelSpec> channels = channels();
        int maxFrame = intIn("max-frame-bytes", value("max-frame-bytes"), 1024, 1 << 30);
        Duration handshakeTimeout = millisIn("handshake-timeout-ms", value("handshake-timeout-ms"), 10, 600_000);
        Duration reconnectMin = millisIn("reconnect-min-ms", value("reconnect-min-ms"), 1, 600_000);
        Duration reconnectMax = millisIn("reconnect-max-ms", value("reconnect-max-ms"), 1, 3_600_000);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new ConfigException("reconnect-max-ms", reconnectMax.toMillis() + " is below reconnect-min-ms "
                    + reconnectMin.toMillis());
        }
        int low = intIn("low-watermark-bytes", value("low-watermark-bytes"), 1, Integer.MAX_VALUE);
        int high = intIn("high-watermark-bytes", value("high-watermark-bytes"), 1, Integer.MAX_VALUE);
        if (high <= low) {
            throw new ConfigException("high-watermark-bytes", high + " must be above low-watermark-bytes " + low);
        }
        int maxQueued = intIn("max-queued-bytes", value("max-queued-bytes"), 1, Integer.MAX_VALUE);
        if (maxQueued < high) {
            throw new ConfigException("max-queued-bytes", maxQueued + " must be at least high-watermark-bytes " + high);
        }
        Duration sendTimeout = millisIn("send-timeout-ms", value("send-timeout-ms"), 0, 3_600_000);
        Duration heartbeat = millisIn("heartbeat-interval-ms", value("heartbeat-interval-ms"), 10, 60_000);
        double phi = doubleIn("phi-threshold", value("phi-threshold"), 1, 100);
        Duration minStd = millisIn("phi-min-stddev-ms", value("phi-min-stddev-ms"), 1, 60_000);
        Duration pause = millisIn("phi-acceptable-pause-ms", value("phi-acceptable-pause-ms"), 0, 600_000);
        int ioThreads = intIn("io-threads", value("io-threads"), 1, 64);
        int routeTtl = intIn("route-ttl", value("route-ttl"), 1, 255);

        Map<String, String> metadata = new TreeMap<>();
        Map<String, String> topologySettings = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("metadata.")) {
                metadata.put(key.substring("metadata.".length()), entry.getValue());
            } else if (!DEFAULTS.containsKey(key)) {
                topologySettings.put(key, entry.getValue());
            }
        }
        OverlayConfig.checkTopology(topology, topologySettings);
        return new OverlayConfig(nodeName, host, port, cluster, secret, seeds, topology, jmxPort, channels,
                maxFrame, handshakeTimeout, reconnectMin, reconnectMax, low, high, maxQueued, sendTimeout, heartbeat,
                phi, minStd, pause, ioThreads, metadata, topologySettings, codecs, schemas, routeTtl);
    }

    private byte[] secret() {
        String cookie = value("cookie");
        if (cookie != null) {
            if (cookie.isBlank()) {
                throw new ConfigException("cookie", "is empty");
            }
            return cookie.strip().getBytes(StandardCharsets.UTF_8);
        }
        String file = value("cookie-file");
        if (file == null || file.isBlank()) {
            return CookieFile.read(CookieFile.defaultPath(), true);
        }
        return CookieFile.read(Path.of(file.trim()), false);
    }

    private List<ChannelSpec> channels() {
        Map<String, ChannelSpec> byName = new LinkedHashMap<>();
        byName.put(ChannelSpec.DEFAULT, ChannelSpec.of(ChannelSpec.DEFAULT));
        Set<String> seen = new TreeSet<>();
        for (String text : value("channels").split(",")) {
            if (text.isBlank()) {
                continue;
            }
            ChannelSpec channel;
            try {
                channel = ChannelSpec.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("channels", e.getMessage());
            }
            if (channel.name().equals(ChannelSpec.CONTROL)) {
                throw new ConfigException("channels", "'" + ChannelSpec.CONTROL + "' is reserved for membership");
            }
            if (!seen.add(channel.name())) {
                throw new ConfigException("channels", "channel '" + channel.name() + "' is listed twice");
            }
            byName.put(channel.name(), channel);
        }
        return List.copyOf(byName.values());
    }
}
