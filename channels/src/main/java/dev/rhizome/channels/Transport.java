package dev.rhizome.channels;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.channels.handshake.HandshakeSettings;
import dev.rhizome.channels.internal.Connection;
import dev.rhizome.channels.internal.ConnectionManager;
import dev.rhizome.channels.internal.PipelineInitializer;
import dev.rhizome.channels.internal.SendFutures;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import dev.rhizome.overlay.config.ConfigException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's transport: one listening socket, and per peer, per named channel, {@code parallelism}
 * authenticated TCP connections ("lanes"). Every connection, dialed or accepted, can send both ways.
 *
 * <h2>Pipeline of each connection</h2>
 * <pre>
 *                 inbound                               outbound
 *  socket  ──► FlushConsolidationHandler ─────────────────────────────────── ◄── flush batching during reads
 *          ──► FrameDecoder      length check before allocation; emits a retained
 *                                slice per frame [version|type|flags|body]
 *              FrameEncoder      ◄── ControlFrame → ProtoStream body; DATA ByteBufs pass through
 *          ──► HandshakeHandler  HELLO/CHALLENGE/RESPONSE/ACCEPT/REFUSE; removes itself on success
 *          ──► DataHandler       DATA → listener.onData(byte[] copy); errors, writability, close
 *
 *  send() ─► encode DATA frame (caller thread) ─► Connection MPSC queue ─► one drain task on the
 *            event loop: write up to 1024 frames, flush once (on the event loop: write directly)
 * </pre>
 * Buffer ownership: the decoder's frame slices are released by whichever handler consumes them
 * (HandshakeHandler or DataHandler); an outbound DATA frame is owned by its send future until it is
 * handed to {@code Channel.write}, and released by the connection if the send fails first.
 *
 * <h2>Backpressure policy</h2>
 * Each lane counts its pending bytes: messages queued for the event loop plus Netty's outbound buffer.
 * A lane is <em>backlogged</em> from the moment its pending bytes exceed {@code high-watermark-bytes}
 * until they fall below {@code low-watermark-bytes}. {@link #send} never blocks and never looks at
 * the watermark: it queues, and fails with {@code BACKPRESSURE} only when the lane would exceed
 * {@code max-queued-bytes}. {@link #trySend} returns {@code false} at once on a backlogged lane.
 * {@link #sendBlocking} waits (counted once in {@code blocked-sends}) until the lane is below the low
 * watermark, or fails with {@code BACKPRESSURE} when its timeout passes. Every failure (returned
 * {@code false}, thrown, or a failed future, including messages still queued when a connection closes,
 * which fail with {@code CLOSED}) is counted in {@code failed-sends}; nothing is dropped silently.
 * Delivery is at most once: a message is lost only if its future failed.
 *
 * <h2>Threads</h2>
 * Netty event loops ({@code io-threads}) do all I/O and run every {@link TransportListener} callback.
 * The send methods may be called from any thread.
 */
public final class Transport implements AutoCloseable {

    /** A partition key meaning "no key": sends take the channel's lanes in turn. */
    public static final long NO_KEY = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private final TransportConfig config;
    private final NodeId self;
    private final Map<String, ChannelSpec> channels;
    private final EventLoopGroup group;
    private final Channel server;
    private final ConnectionManager connections;
    private final MetricsCatalog catalog;
    private final Counter unknownChannelFailures;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private Transport(TransportConfig config, NodeId self, Map<String, ChannelSpec> channels, EventLoopGroup group,
            Channel server, ConnectionManager connections, MetricsCatalog catalog) {
        this.config = config;
        this.self = self;
        this.channels = channels;
        this.group = group;
        this.server = server;
        this.connections = connections;
        this.catalog = catalog;
        this.unknownChannelFailures = catalog.registry().counter("node.failed-sends");
    }

    /**
     * Binds {@code host:port} and starts accepting connections.
     *
     * @throws ConfigException {@code host} if it does not resolve or cannot be bound, {@code port} if it
     *                         is in use
     */
    public static Transport start(TransportConfig config, TransportListener listener, MetricRegistry registry) {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new ConfigException("host", "cannot resolve '" + config.host() + "'", e);
        }
        Map<String, ChannelSpec> channels = new LinkedHashMap<>();
        config.channels().forEach(spec -> channels.put(spec.name(), spec));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("rhizome-io-" + config.name(), true), NioIoHandler.newFactory());
        ConnectionManager[] manager = new ConnectionManager[1];
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.lowWatermarkBytes(), config.highWatermarkBytes()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        manager[0].accepted(ch);
                    }
                });
        ChannelFuture bound = bootstrap.bind(address, config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            Throwable cause = bound.cause();
            if (cause instanceof BindException) {
                throw new ConfigException("port", config.host() + ":" + config.port() + " is already in use", cause);
            }
            throw new ConfigException("host", "cannot listen on " + config.host() + ":" + config.port()
                    + ": " + cause, cause);
        }
        Channel server = bound.channel();
        NodeId self = new NodeId(config.name(), config.host(),
                ((InetSocketAddress) server.localAddress()).getPort(), config.incarnation());
        MetricsCatalog catalog = new MetricsCatalog(registry);
        HandshakeSettings settings = new HandshakeSettings(self, config.cluster(),
                new HandshakeProof(config.secret()), Map.copyOf(channels), config.handshakeTimeout());
        PipelineInitializer pipeline = new PipelineInitializer(settings, listener, catalog, config.maxFrameBytes());
        manager[0] = new ConnectionManager(self, config, listener, catalog, Map.copyOf(channels), group, pipeline);
        Transport transport = new Transport(config, self, Map.copyOf(channels), group, server, manager[0], catalog);
        registry.gauge("node.active-connections", () -> (Gauge<Integer>) transport::activeConnections);
        server.config().setAutoRead(true);
        server.read();
        LOG.info("{}: listening on {}", self.name(), server.localAddress());
        return transport;
    }

    /** This node, with the port actually bound. */
    public NodeId self() {
        return self;
    }

    /** The configuration this transport started with. */
    public TransportConfig config() {
        return config;
    }

    /**
     * Keeps every lane of every channel connected to {@code peer}, reconnecting with capped
     * exponential backoff and jitter (counted in {@code reconnects}) until {@link #disconnect}.
     * The dialed node must present exactly this identity.
     */
    public void connect(NodeId peer) {
        if (!stopping.get()) {
            connections.connect(peer);
        }
    }

    /**
     * Opens CONTROL lane 0 to a node known only by its address (a seed). Success is reported by
     * {@link TransportListener#onChannelUp} with the node's real identity, failure by
     * {@link TransportListener#onDialFailed}. Does not reconnect.
     */
    public void dial(InetSocketAddress address) {
        connections.dial(address);
    }

    /** Closes all connections to {@code peer} after flushing them, and stops reconnecting to it. */
    public void disconnect(NodeId peer) {
        connections.disconnect(peer);
    }

    /**
     * Sends a message. Never blocks. The stage completes when the frame was written to the socket, or
     * fails with a {@link SendException}: {@code NOT_CONNECTED}, {@code UNKNOWN_CHANNEL},
     * {@code TOO_LARGE}, {@code ENCODING} (codec id outside 0..65535), {@code BACKPRESSURE} (lane above
     * {@code max-queued-bytes}), {@code CLOSED} or {@code SHUTDOWN}. Non-async dependent actions of the
     * stage may run on an event loop and must not block.
     *
     * @param partitionKey selects lane {@code floorMod(key, parallelism)}; {@link #NO_KEY} for round-robin
     */
    public CompletionStage<Void> send(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload) {
        try {
            Connection c = route(peer, channel, partitionKey, codecId, payload);
            return enqueue(c, codecId, payload);
        } catch (SendException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends a message unless its lane is backlogged: returns {@code false} at once (counted in
     * {@code failed-sends}) if the lane is above its high watermark.
     *
     * @throws SendException for every other failure reason (see {@link #send})
     */
    public boolean trySend(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload) {
        Connection c = route(peer, channel, partitionKey, codecId, payload);
        if (c.isBacklogged()) {
            c.metrics().failedSends.inc();
            return false;
        }
        enqueue(c, codecId, payload);
        return true;
    }

    /**
     * Sends a message, first waiting while its lane is backlogged (counted once in {@code blocked-sends}).
     * Returns once the message is queued. Called on the lane's own event loop it cannot wait (the loop is
     * what drains the lane) and fails with {@code BACKPRESSURE} at once instead.
     *
     * @throws SendException {@code BACKPRESSURE} if the lane stays backlogged for {@code timeout}, or any
     *                       reason {@link #send} fails with
     */
    public void sendBlocking(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean blocked = false;
        while (true) {
            Connection c = route(peer, channel, partitionKey, codecId, payload);
            if (!c.isBacklogged()) {
                enqueue(c, codecId, payload);
                return;
            }
            if (!blocked) {
                blocked = true;
                c.metrics().blockedSends.inc();
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0 || c.channel().eventLoop().inEventLoop()) {
                c.metrics().failedSends.inc();
                throw new SendException(SendException.Reason.BACKPRESSURE, "lane " + c.channelName() + "/"
                        + c.lane() + " to " + peer + " stayed above its high watermark for " + timeout);
            }
            c.awaitWritable(Math.min(remainingMillis, 50));
        }
    }

    private Connection route(NodeId peer, String channel, long key, int codecId, byte[] payload) {
        ChannelSpec spec = channels.get(channel);
        if (spec == null) {
            unknownChannelFailures.inc();
            throw new SendException(SendException.Reason.UNKNOWN_CHANNEL, "channel '" + channel + "' is not configured");
        }
        if (stopping.get()) {
            throw counted(peer, channel, SendException.Reason.SHUTDOWN, "the transport is shutting down");
        }
        if (payload.length > config.maxPayloadBytes()) {
            throw counted(peer, channel, SendException.Reason.TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds the maximum of " + config.maxPayloadBytes());
        }
        if (codecId < 0 || codecId > Frames.MAX_CODEC_ID) {
            throw counted(peer, channel, SendException.Reason.ENCODING, "codec id " + codecId + " is not in 0.."
                    + Frames.MAX_CODEC_ID);
        }
        Connection c = connections.route(peer, channel, key, key != NO_KEY);
        if (c == null) {
            throw counted(peer, channel, SendException.Reason.NOT_CONNECTED, "no connection to " + peer + " on "
                    + channel + (key != NO_KEY ? " lane " + spec.laneFor(key) : ""));
        }
        return c;
    }

    private CompletableFuture<Void> enqueue(Connection c, int codecId, byte[] payload) {
        long frameBytes = Frames.LENGTH_BYTES + Frames.dataFrameLength(payload.length);
        if (c.pendingBytes() + frameBytes > config.maxQueuedBytes()) {
            c.metrics().failedSends.inc();
            throw new SendException(SendException.Reason.BACKPRESSURE, "lane " + c.channelName() + "/" + c.lane()
                    + " to " + c.peer() + " has more than max-queued-bytes (" + config.maxQueuedBytes() + ") pending");
        }
        return SendFutures.send(c, Frames.encodeData(c.channel().alloc(), codecId, payload));
    }

    private SendException counted(NodeId peer, String channel, SendException.Reason reason, String message) {
        catalog.of(channel, peer.name()).failedSends.inc();
        return new SendException(reason, message);
    }

    /** Established (post-handshake) connections, all peers and channels. */
    public int activeConnections() {
        return connections.activeConnections();
    }

    /** Peers with at least one lane of {@code channel} up. */
    public Set<NodeId> peers(String channel) {
        return connections.peers(channel);
    }

    /** How many lanes of {@code channel} to {@code peer} are up. */
    public int connectionCount(NodeId peer, String channel) {
        return connections.connectionCount(peer, channel);
    }

    /**
     * Stops: new sends fail with {@code SHUTDOWN}, reconnecting stops, queued messages are written
     * for up to {@code drain}, then every connection closes (anything still queued fails with
     * {@code CLOSED}) and the event loops stop. Idempotent.
     */
    public CompletionStage<Void> shutdown(Duration drain) {
        if (!stopping.compareAndSet(false, true)) {
            return terminated;
        }
        connections.stop();
        connections.forEachEstablished(Connection::scheduleDrain);
        long deadline = System.nanoTime() + drain.toNanos();
        group.next().execute(() -> awaitDrained(deadline));
        return terminated;
    }

    private void awaitDrained(long deadline) {
        if (connections.pendingBytes() > 0 && System.nanoTime() < deadline) {
            group.next().schedule(() -> awaitDrained(deadline), 5, TimeUnit.MILLISECONDS);
            return;
        }
        connections.closeAll();
        server.close().addListener(f -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .addListener(g -> {
                    catalog.registry().remove("node.active-connections");
                    terminated.complete(null);
                }));
    }

    /** {@link #shutdown}{@code (5 s)} and waits for it; never call it from a listener callback. */
    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(5)).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: shutdown did not finish cleanly: {}", self.name(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "Transport[" + self + "]";
    }
}
