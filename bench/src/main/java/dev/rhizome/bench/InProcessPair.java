package dev.rhizome.bench;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.channels.Transport;
import dev.rhizome.channels.TransportConfig;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two transports in this JVM (a sends, b receives), fully connected, for the in-process channel
 * benchmarks ({@code monotonic}, {@code reliable}). Each has its own metric registry.
 */
final class InProcessPair implements AutoCloseable {

    /** What b does with a message. */
    @FunctionalInterface
    interface Receiver {
        void onData(String channel, int codecId, byte[] payload);
    }

    final Transport a;
    final Transport b;
    final MetricRegistry aMetrics = new MetricRegistry();

    private InProcessPair(List<ChannelSpec> channels, Map<String, ChannelOptions> options, Receiver receiver,
            int lowWatermark, int highWatermark, int maxQueued) {
        byte[] secret = "in-process-bench-secret".getBytes(StandardCharsets.UTF_8);
        b = Transport.start(TransportConfig.defaults("bench-b", "127.0.0.1", 0, 1, "bench", secret, channels)
                .withChannelOptions(options), listener(receiver), new MetricRegistry());
        TransportConfig aConfig = TransportConfig.defaults("bench-a", "127.0.0.1", 0, 1, "bench", secret, channels)
                .withChannelOptions(options);
        a = Transport.start(aConfig.withWatermarks(lowWatermark, highWatermark, maxQueued > 0 ? maxQueued : aConfig.maxQueuedBytes()),
                listener((c, k, p) -> { }), aMetrics);
        a.connect(b.self());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && !channels.stream().allMatch(s -> a.connectionCount(b.self(), s.name()) == s.parallelism()
                && b.connectionCount(a.self(), s.name()) == s.parallelism())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static InProcessPair start(List<ChannelSpec> channels, Map<String, ChannelOptions> options, Receiver receiver) {
        return new InProcessPair(channels, options, receiver, 256 << 10, 1 << 20, 0);
    }

    /** Like {@link #start}, with other watermarks and {@code max-queued-bytes} on the sender. */
    static InProcessPair start(List<ChannelSpec> channels, Map<String, ChannelOptions> options, Receiver receiver,
            int lowWatermark, int highWatermark, int maxQueued) {
        return new InProcessPair(channels, options, receiver, lowWatermark, highWatermark, maxQueued);
    }

    /** Like {@link #start}, with other watermarks on the sender. */
    static InProcessPair start(List<ChannelSpec> channels, Map<String, ChannelOptions> options, Receiver receiver,
            int lowWatermark, int highWatermark) {
        return new InProcessPair(channels, options, receiver, lowWatermark, highWatermark, 0);
    }

    NodeId bId() {
        return b.self();
    }

    long counter(String channel, String metric) {
        return aMetrics.counter("channel." + channel + ".peer.bench-b." + metric).getCount();
    }

    long messagesOut(String channel) {
        return aMetrics.meter("channel." + channel + ".peer.bench-b.messages-out").getCount();
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version");
    }

    private static TransportListener listener(Receiver receiver) {
        return new TransportListener() {
            @Override
            public void onChannelUp(NodeId peer, String channel) {
            }

            @Override
            public void onChannelDown(NodeId peer, String channel) {
            }

            @Override
            public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
                receiver.onData(channel, codecId, payload);
            }

            @Override
            public void onDialFailed(InetSocketAddress address, String reason) {
            }
        };
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
