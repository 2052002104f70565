package dev.rhizome.bench;

import dev.rhizome.channels.metrics.ChannelMetrics;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Rhizome as the system under test: one node per process, one channel {@value #CHANNEL} with one
 * connection, {@code byte[]} payloads through {@link Overlay#send(NodeId, String, byte[])} (a fresh
 * array per send, as the API requires) and {@link Overlay#onReceive}.
 */
final class RhizomeEndpoint extends Endpoint {

    static final String CHANNEL = "bench";
    static final String SERVER = "bench-server";
    static final String CLIENT = "bench-client";

    private final Overlay overlay;
    private volatile NodeId peer;

    private RhizomeEndpoint(Overlay overlay) {
        this.overlay = overlay;
        overlay.onReceive(CHANNEL, delivery -> {
            if (peer == null) {
                peer = delivery.from();
            }
            byte[] bytes = delivery.bytes();
            handler.onMessage(Msg.type(bytes), Msg.a(bytes), Msg.b(bytes));
        });
    }

    static OverlayConfig config(String name, int port, String seed) {
        var builder = OverlayConfig.builder(name).host("127.0.0.1").port(port).cookie("rhizome-bench")
                .cluster("rhizome-bench").channel(ChannelSpec.of(CHANNEL));
        if (seed != null) {
            builder.seeds(seed);
        }
        return builder.build();
    }

    static RhizomeEndpoint server() {
        return new RhizomeEndpoint(Rhizome.start(config(SERVER, 0, null)));
    }

    static RhizomeEndpoint client(String host, int port) throws InterruptedException {
        RhizomeEndpoint endpoint = new RhizomeEndpoint(Rhizome.start(config(CLIENT, 0, host + ":" + port)));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            var server = endpoint.overlay.member(SERVER);
            if (server.isPresent()) {
                endpoint.peer = server.get();
                endpoint.awaitStableConnections(server.get());
                return endpoint;
            }
            Thread.sleep(20);
        }
        endpoint.close();
        throw new IllegalStateException("rhizome client did not see " + SERVER + " as a member within 30 s");
    }

    /**
     * Waits (at most 10 s) until the bench channel to {@code server} is up and this node's connection
     * count has not changed for a second: simultaneous dials are resolved by a tie-break that retires
     * one connection, and the measurement should not start inside that window.
     */
    private void awaitStableConnections(NodeId server) throws InterruptedException {
        if (!(overlay instanceof RhizomeNode node)) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < end) {
            int now = node.activeConnections();
            if (now != last || node.connectionCount(server, CHANNEL) < 1) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    int port() {
        return overlay.self().port();
    }

    @Override
    void send(int type, long a, long b, int size) {
        NodeId to = peer;
        if (to == null) {
            throw new IllegalStateException("no peer yet");
        }
        // The stage is not observed (like the baseline's void promise): failed sends are read from
        // Rhizome's own failed-sends counters, and any loss shows in the receiver's count.
        overlay.send(to, CHANNEL, Msg.encode(type, a, b, size));
    }

    @Override
    void flush() {
        // Rhizome flushes by itself.
    }

    @Override
    void execute(Runnable task) {
        task.run();
    }

    @Override
    long sendFailures() {
        return counterSum(ChannelMetrics.FAILED_SENDS);
    }

    /** Flushes the transport requested (writeAndFlush calls and drain flushes), over all peers of the channel. */
    long flushes() {
        return counterSum(ChannelMetrics.FLUSHES);
    }

    @Override
    String describe() {
        if (!(overlay instanceof RhizomeNode node)) {
            return "";
        }
        StringBuilder out = new StringBuilder("rhizome metrics:");
        node.metrics().getCounters().forEach((name, c) -> {
            if (name.startsWith("channel." + CHANNEL + ".")) {
                out.append(' ').append(name).append('=').append(c.getCount());
            }
        });
        node.metrics().getMeters().forEach((name, m) -> {
            if (name.startsWith("channel." + CHANNEL + ".")) {
                out.append(' ').append(name).append('=').append(m.getCount());
            }
        });
        node.metrics().getGauges().forEach((name, g) -> {
            if (name.startsWith("channel." + CHANNEL + ".")) {
                out.append(' ').append(name).append('=').append(g.getValue());
            }
        });
        return out.toString();
    }

    private long counterSum(String metric) {
        if (!(overlay instanceof RhizomeNode node)) {
            return 0;
        }
        long sum = 0;
        for (var e : node.metrics().getCounters().entrySet()) {
            if (e.getKey().startsWith("channel." + CHANNEL + ".") && e.getKey().endsWith("." + metric)) {
                sum += e.getValue().getCount();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        overlay.shutdown(Duration.ofMillis(200));
    }
}
