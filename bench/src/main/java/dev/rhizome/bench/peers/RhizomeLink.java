package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Rhizome: one node per process, full-mesh topology, the small path on channel {@value #SMALL_CHANNEL}
 * and the bulk path on channel {@value #BULK_CHANNEL} (each its own connection), {@code byte[]}
 * payloads through {@link Overlay#send(NodeId, String, byte[])}. Default settings otherwise.
 */
final class RhizomeLink extends PeerLink {

    static final String SMALL_CHANNEL = "peers";
    static final String BULK_CHANNEL = "bulk";
    /** Diagnostic only: {@code -Dpeers.rhizome.ioThreads=N} overrides Rhizome's io-threads (default 1). */
    static final String IO_THREADS_PROPERTY = "peers.rhizome.ioThreads";
    private static final String SERVER = "peers-server";
    private static final String CLIENT = "peers-client";

    private final Overlay overlay;
    private final byte[] bulk = Msg.encode(Msg.BULK, 0, 0, Msg.BULK_BYTES);
    private volatile NodeId peer;

    private RhizomeLink(Overlay overlay) {
        this.overlay = overlay;
        for (String channel : new String[] {SMALL_CHANNEL, BULK_CHANNEL}) {
            overlay.onReceive(channel, delivery -> {
                if (peer == null) {
                    peer = delivery.from();
                }
                byte[] bytes = delivery.bytes();
                handler.onMessage(Msg.type(bytes), Msg.a(bytes), Msg.b(bytes));
            });
        }
    }

    private static OverlayConfig config(String name, String seed) {
        var builder = OverlayConfig.builder(name).host("127.0.0.1").port(0).cookie("rhizome-peers")
                .cluster("rhizome-peers").channel(ChannelSpec.of(SMALL_CHANNEL)).channel(ChannelSpec.of(BULK_CHANNEL));
        if (seed != null) {
            builder.seeds(seed);
        }
        Integer ioThreads = Integer.getInteger(IO_THREADS_PROPERTY);
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        return builder.build();
    }

    static RhizomeLink server() {
        return new RhizomeLink(Rhizome.start(config(SERVER, null)));
    }

    /** The address the client dials. */
    String address() {
        return "127.0.0.1:" + overlay.self().port();
    }

    static RhizomeLink client(String address) throws InterruptedException {
        RhizomeLink link = new RhizomeLink(Rhizome.start(config(CLIENT, address)));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            var server = link.overlay.member(SERVER);
            if (server.isPresent()) {
                link.peer = server.get();
                link.awaitConnections(server.get());
                return link;
            }
            Thread.sleep(20);
        }
        link.close();
        throw new IllegalStateException("rhizome client did not see " + SERVER + " as a member within 30 s");
    }

    /** Waits (at most 10 s) until both channels are up and the connection count is stable for 1 s. */
    private void awaitConnections(NodeId server) throws InterruptedException {
        if (!(overlay instanceof RhizomeNode node)) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < end) {
            int now = node.activeConnections();
            if (now != last || node.connectionCount(server, SMALL_CHANNEL) < 1) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    @Override
    void send(int type, long a, long b, int size) {
        NodeId to = peer;
        if (to == null) {
            throw new IllegalStateException("no peer yet");
        }
        overlay.send(to, SMALL_CHANNEL, Msg.encode(type, a, b, size));
    }

    @Override
    void sendBulk() {
        overlay.send(peer, BULK_CHANNEL, bulk);
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
    String describe() {
        Integer ioThreads = Integer.getInteger(IO_THREADS_PROPERTY);
        return "Rhizome " + overlay.topology() + ", channels " + SMALL_CHANNEL + " and " + BULK_CHANNEL
                + " (1 connection each), " + (ioThreads == null ? "default settings" : "io-threads " + ioThreads)
                + ", byte[] payloads";
    }

    @Override
    public void close() {
        overlay.shutdown(Duration.ofMillis(200));
    }
}
