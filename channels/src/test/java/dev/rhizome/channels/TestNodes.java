package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.ChannelSpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts transports on 127.0.0.1 with ephemeral ports and closes them all at the end of a test. */
final class TestNodes implements AutoCloseable {

    static final String CLUSTER = "test-cluster";
    static final byte[] SECRET = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    static final String HOST = "127.0.0.1";

    /** A started transport with its listener and registry. */
    record Node(Transport transport, RecordingListener listener, MetricRegistry registry) {

        String name() {
            return transport.self().name();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(HOST, transport.self().port());
        }

        long counter(String channel, String peer, String metric) {
            Counter c = registry.getCounters().get("channel." + channel + ".peer." + peer + "." + metric);
            return c == null ? 0 : c.getCount();
        }

        long sum(String metric) {
            return registry.getCounters().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("." + metric))
                    .mapToLong(e -> e.getValue().getCount()).sum();
        }
    }

    private final List<Transport> started = new ArrayList<>();

    static TransportConfig config(String name, int port, List<ChannelSpec> channels) {
        TransportConfig defaults = TransportConfig.defaults(name, HOST, port, 1, CLUSTER, SECRET, channels);
        return new TransportConfig(defaults.name(), defaults.host(), defaults.port(), defaults.incarnation(),
                defaults.cluster(), defaults.secret(), defaults.channels(), defaults.maxFrameBytes(),
                Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(200), defaults.lowWatermarkBytes(),
                defaults.highWatermarkBytes(), defaults.maxQueuedBytes(), 1);
    }

    Node start(String name, List<ChannelSpec> channels) {
        return start(config(name, 0, channels));
    }

    Node start(String name, List<ChannelSpec> channels, UnaryOperator<TransportConfig> tweak) {
        return start(tweak.apply(config(name, 0, channels)));
    }

    Node start(TransportConfig config) {
        return start(config, UnaryOperator.identity());
    }

    /** Starts a node whose recording listener is wrapped by {@code wrap} (a layer under test sits in between). */
    Node start(TransportConfig config, UnaryOperator<TransportListener> wrap) {
        RecordingListener listener = new RecordingListener();
        MetricRegistry registry = new MetricRegistry();
        Transport transport = Transport.start(config, wrap.apply(listener), registry);
        started.add(transport);
        return new Node(transport, listener, registry);
    }

    /** Connects {@code a} to {@code b} and waits until every lane of every channel is up on both sides. */
    static void connectAndAwait(Node a, Node b) {
        a.transport().connect(b.transport().self());
        awaitFullyConnected(a, b);
    }

    static void awaitFullyConnected(Node a, Node b) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ChannelSpec spec : a.transport().config().channels()) {
                if (a.transport().connectionCount(b.transport().self(), spec.name()) != spec.parallelism()
                        || b.transport().connectionCount(a.transport().self(), spec.name()) != spec.parallelism()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Sends one message each way on the default channel and waits for both. */
    static void exchange(Node a, Node b) {
        long beforeA = a.listener().countFrom(b.name(), ChannelSpec.DEFAULT);
        long beforeB = b.listener().countFrom(a.name(), ChannelSpec.DEFAULT);
        a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, "ping".getBytes(StandardCharsets.UTF_8));
        b.transport().send(a.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, "pong".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.listener().countFrom(b.name(), ChannelSpec.DEFAULT) > beforeA
                && b.listener().countFrom(a.name(), ChannelSpec.DEFAULT) > beforeB);
    }

    @Override
    public void close() {
        List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>();
        for (Transport t : started) {
            stops.add(t.shutdown(Duration.ofSeconds(1)).toCompletableFuture());
        }
        for (var stop : stops) {
            stop.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
