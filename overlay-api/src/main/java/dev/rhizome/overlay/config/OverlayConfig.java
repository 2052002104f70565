package dev.rhizome.overlay.config;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.codec.PayloadCodec;
import dev.rhizome.overlay.spi.Topologies;
import dev.rhizome.overlay.spi.Topology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a node is started with, already validated. Build one with {@link #builder(String)} or
 * load one with {@link OverlayConfigLoader}; the setting names below are the same in both and on the
 * command line.
 *
 * @param name               {@code name}: the node's name, unique in the cluster
 * @param host               {@code host}: address to listen on and to announce (default 127.0.0.1)
 * @param port               {@code port}: TCP port, 0 for an ephemeral one (default 0)
 * @param cluster            {@code cluster}: nodes only talk to nodes of the same cluster (default {@code rhizome})
 * @param secret             {@code cookie} or {@code cookie-file}: the shared secret every handshake proves
 * @param seeds              {@code seeds}: {@code host:port} of nodes to join at startup
 * @param topology           {@code topology}: the topology's name (default {@code fullmesh})
 * @param jmxPort            {@code jmx-port}: port of a remote JMX connector, or empty for none
 * @param channels           {@code channels}: {@code name[:parallelism]} list; {@code default} is always there
 * @param maxFrameBytes      {@code max-frame-bytes}: the largest frame accepted (default 64 MiB)
 * @param handshakeTimeout   {@code handshake-timeout-ms} (default 5000)
 * @param reconnectMin       {@code reconnect-min-ms}: first reconnect backoff (default 50)
 * @param reconnectMax       {@code reconnect-max-ms}: backoff cap (default 5000)
 * @param lowWatermarkBytes  {@code low-watermark-bytes}: a lane becomes writable again below this (default 256 KiB)
 * @param highWatermarkBytes {@code high-watermark-bytes}: a lane stops being writable above this (default 1 MiB)
 * @param maxQueuedBytes     {@code max-queued-bytes}: {@code send} fails beyond this many queued bytes per lane (default 64 MiB)
 * @param sendTimeout        {@code send-timeout-ms}: how long {@code sendBlocking} waits (default 10000)
 * @param heartbeatInterval  {@code heartbeat-interval-ms}: failure-detector heartbeats (default 200)
 * @param phiThreshold       {@code phi-threshold}: suspicion level that marks a node down (default 8)
 * @param phiMinStdDev       {@code phi-min-stddev-ms}: floor of the heartbeat jitter estimate (default 50)
 * @param phiAcceptablePause {@code phi-acceptable-pause-ms}: pause tolerated before suspicion grows (default 1000)
 * @param ioThreads          {@code io-threads}: Netty event-loop threads (default 1)
 * @param metadata           {@code metadata.<key>}: announced with membership
 * @param topologySettings   {@code <topology>.<key>}: the chosen topology's own settings
 * @param codecs             extra payload codecs (builder only)
 * @param schemas            ProtoStream schemas of user payload types (builder only)
 * @param routeTtl           {@code route-ttl}: the most hops a relayed message may travel before it is
 *                           dropped (default {@value #DEFAULT_ROUTE_TTL}, 1..255; see {@code docs/routing.md})
 */
public record OverlayConfig(
        String name, String host, int port, String cluster, byte[] secret, List<InetSocketAddress> seeds,
        String topology, Optional<Integer> jmxPort, List<ChannelSpec> channels, int maxFrameBytes,
        Duration handshakeTimeout, Duration reconnectMin, Duration reconnectMax, int lowWatermarkBytes,
        int highWatermarkBytes, int maxQueuedBytes, Duration sendTimeout, Duration heartbeatInterval,
        double phiThreshold, Duration phiMinStdDev, Duration phiAcceptablePause, int ioThreads,
        Map<String, String> metadata, Map<String, String> topologySettings, List<PayloadCodec> codecs,
        List<org.infinispan.protostream.SerializationContextInitializer> schemas, int routeTtl) {

    /** The default {@code route-ttl}. */
    public static final int DEFAULT_ROUTE_TTL = 16;

    public OverlayConfig {
        if (routeTtl < 1 || routeTtl > 255) {
            throw new ConfigException("route-ttl", routeTtl + " is not in 1..255");
        }
        seeds = List.copyOf(seeds);
        channels = List.copyOf(channels);
        metadata = Map.copyOf(metadata);
        topologySettings = Map.copyOf(topologySettings);
        codecs = List.copyOf(codecs);
        schemas = List.copyOf(schemas);
    }

    /** A builder for a node called {@code name}, with every other setting at its default. */
    public static OverlayConfigBuilder builder(String name) {
        return new OverlayConfigBuilder().set("name", name);
    }

    /** The settings handed to the topology protocol: failure-detector settings and the topology's own. */
    public Map<String, String> protocolSettings() {
        Map<String, String> settings = new java.util.TreeMap<>(topologySettings);
        settings.put("heartbeat-interval-ms", Long.toString(heartbeatInterval.toMillis()));
        settings.put("phi-threshold", Double.toString(phiThreshold));
        settings.put("phi-min-stddev-ms", Long.toString(phiMinStdDev.toMillis()));
        settings.put("phi-acceptable-pause-ms", Long.toString(phiAcceptablePause.toMillis()));
        return settings;
    }

    /** The channel called {@code name}, if configured. */
    public Optional<ChannelSpec> channel(String channelName) {
        return channels.stream().filter(c -> c.name().equals(channelName)).findFirst();
    }

    /** Parses {@code host:port}, resolving the host; fails naming {@code setting}. */
    static InetSocketAddress hostPort(String setting, String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new ConfigException(setting, "'" + text + "' is not host:port");
        }
        String host = trimmed.substring(0, colon);
        int port = SettingParser.intIn(setting, trimmed.substring(colon + 1), 1, 65535);
        try {
            InetAddress address = InetAddress.getByName(host);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new ConfigException(setting, "host '" + host + "' does not resolve");
        }
    }

    /** Checks the chosen topology's settings, and that no setting belongs to another topology. */
    static Topology checkTopology(String topologyName, Map<String, String> topologySettings) {
        Topology topology = Topologies.byName(topologyName);
        for (String key : topologySettings.keySet()) {
            if (!topology.settingNames().contains(key)) {
                String owner = key.substring(0, key.indexOf('.'));
                String problem = owner.equals(topologyName)
                        ? "unknown setting of topology " + topologyName + "; valid: " + sorted(topology.settingNames())
                        : "belongs to topology '" + owner + "', but the topology is '" + topologyName
                          + "'; valid settings of " + topologyName + ": " + sorted(topology.settingNames());
                throw new ConfigException(key, problem);
            }
        }
        topology.validate(topologySettings);
        return topology;
    }

    private static String sorted(java.util.Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(names));
    }

    /** The secret as text, for tests and tools that launch other nodes of the same cluster. */
    public String secretText() {
        return new String(secret, StandardCharsets.UTF_8);
    }
}
