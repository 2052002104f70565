package dev.rhizome.channels;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.faults.FaultInjector;
import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.channels.handshake.HandshakeSettings;
import dev.rhizome.channels.internal.Connection;
import dev.rhizome.channels.internal.ConnectionManager;
import dev.rhizome.channels.internal.LaneSet;
import dev.rhizome.channels.internal.PipelineInitializer;
import dev.rhizome.channels.internal.SendFutures;
import dev.rhizome.channels.reliable.Reliability;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import dev.rhizome.overlay.config.ConfigException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
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
 *  send() ─► route via a one-entry (peer, channel) → lanes cache ─► encode DATA frame (caller thread)
 *         ─► Connection MPSC queue ─► one drain task on the event loop (from any thread, the event loop
 *            included): write up to 1024 frames with void promises, track the last one, flush once
 *
 *  After the handshake the HandshakeHandler and the FrameEncoder are removed: DATA frames go from the
 *  drain straight to the FlushConsolidationHandler and the socket.
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
 * Delivery is at most once: a message is lost only if its future failed, or the peer crashed or the
 * connection was reset. Connections are closed gracefully with TCP half-closure (see
 * {@code Connection#closeGracefully}): a connection retired by the simultaneous-dial tie-break, or
 * closed by {@link #disconnect}, delivers everything both sides wrote on it.
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
    private volatile RouteCache lastRoute;
    private final FaultInjector faults;
    private final Reliability reliability;
    private final boolean anyReliable;

    private Transport(TransportConfig config, NodeId self, Map<String, ChannelSpec> channels, EventLoopGroup group,
            Channel server, ConnectionManager connections, MetricsCatalog catalog, FaultInjector faults) {
        this.faults = faults;
        this.anyReliable = config.channelOptions().values().stream().anyMatch(ChannelOptions::reliable);
        this.reliability = new Reliability(config::options, this::transmit, catalog.registry(), group);
        connections.onConnectionLost(reliability::connectionLost);
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
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
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
        FaultInjector faults = new FaultInjector(group, registry, cap -> manager[0].bandwidthCap(cap),
                peer -> manager[0].reset(peer));
        Transport[] transport = new Transport[1];
        PipelineInitializer pipeline = new PipelineInitializer(settings, listener, catalog, config.maxFrameBytes(), faults,
                () -> transport[0].reliability);
        manager[0] = new ConnectionManager(self, config, listener, catalog, Map.copyOf(channels), group, pipeline);
        transport[0] = new Transport(config, self, Map.copyOf(channels), group, server, manager[0], catalog, faults);
        registry.gauge("node.active-connections", () -> (Gauge<Integer>) transport[0]::activeConnections);
        server.config().setAutoRead(true);
        server.read();
        LOG.info("{}: listening on {}", self.name(), server.localAddress());
        return transport[0];
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

    /**
     * Sets which authenticated dialers this node accepts (default: all); a refused dialer is told why
     * in the handshake. Set it before peers dial in.
     */
    public void admission(Admission policy) {
        connections.admission(policy);
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
        if (anyReliable && config.options(channel).reliable()) {
            return send(peer, channel, partitionKey, codecId, payload, config.options(channel).delivery());
        }
        if (faults.egressActive()) {
            return faults.egress(peer, channel, partitionKey, codecId, payload, this::sendDirect);
        }
        return sendDirect(peer, channel, partitionKey, codecId, payload);
    }

    /**
     * Sends a message with a delivery guarantee chosen for this send, whatever the channel's default
     * (see {@code docs/channels.md}). {@code AT_MOST_ONCE} is {@link #send} on a plain channel: the
     * stage completes when the frame is written. {@code AT_LEAST_ONCE} and {@code EFFECTIVELY_ONCE}
     * number the message in the (peer, channel)'s reliable sequence, keep it until the peer
     * acknowledges it and retransmit it across reconnects: the stage completes on the acknowledgement,
     * and fails with {@code BACKPRESSURE} while the channel's reliable window is full. A reliable send on
     * a monotonic channel is never coalesced.
     */
    public CompletionStage<Void> send(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload,
            DeliveryGuarantee delivery) {
        if (delivery.reliable()) {
            try {
                return sendReliable(peer, channel, partitionKey, codecId, payload, delivery);
            } catch (SendException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (faults.egressActive()) {
            return faults.egress(peer, channel, partitionKey, codecId, payload, this::sendDirect);
        }
        return sendDirect(peer, channel, partitionKey, codecId, payload);
    }

    private CompletionStage<Void> sendDirect(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload) {
        try {
            Connection c = route(peer, channel, partitionKey, codecId, payload);
            return enqueue(c, partitionKey, codecId, payload);
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
        if (anyReliable && config.options(channel).reliable()) {
            if (!reliability.hasRoom(peer, channel)) {
                catalog.of(channel, peer.name()).failedSends.inc();
                return false;
            }
            sendReliable(peer, channel, partitionKey, codecId, payload, config.options(channel).delivery());
            return true;
        }
        if (faults.egressActive()) {
            faults.egress(peer, channel, partitionKey, codecId, payload, this::sendDirect);
            return true;
        }
        Connection c = route(peer, channel, partitionKey, codecId, payload);
        if (c.isBacklogged()) {
            c.metrics().failedSends.inc();
            return false;
        }
        enqueue(c, partitionKey, codecId, payload);
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
        sendBlocking(peer, channel, partitionKey, codecId, payload,
                anyReliable ? config.options(channel).delivery() : DeliveryGuarantee.AT_MOST_ONCE, timeout);
    }

    /**
     * {@link #sendBlocking(NodeId, String, long, int, byte[], Duration)} with a delivery guarantee chosen
     * for this send (see {@link #send(NodeId, String, long, int, byte[], DeliveryGuarantee)}). A reliable send
     * waits for room in the reliable window instead of the lane's watermark, and returns once the
     * message is numbered and handed to the lane (not when it is acknowledged).
     */
    public void sendBlocking(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload,
            DeliveryGuarantee delivery, Duration timeout) throws InterruptedException {
        if (delivery.reliable()) {
            long end = System.nanoTime() + timeout.toNanos();
            for (int i = 0; !reliability.hasRoom(peer, channel) && i < 1_000_000; i++) {
                if (System.nanoTime() - end > 0) {
                    throw counted(peer, channel, SendException.Reason.BACKPRESSURE, "the window of " + channel
                            + " to " + peer + " stayed full for " + timeout);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            sendReliable(peer, channel, partitionKey, codecId, payload, delivery);
            return;
        }
        if (faults.egressActive()) {
            awaitEgressRoom(peer, channel, partitionKey, codecId, payload, timeout);
            faults.egress(peer, channel, partitionKey, codecId, payload, this::sendDirect);
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean blocked = false;
        while (true) {
            Connection c = route(peer, channel, partitionKey, codecId, payload);
            if (!c.isBacklogged()) {
                enqueue(c, partitionKey, codecId, payload);
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

    /**
     * With egress faults installed, {@code sendBlocking} waits while the lane is backlogged or while
     * more than {@code high-watermark-bytes × parallelism} to this (peer, channel) sit in a delay (not on
     * a lane yet), so a delay cannot hide the backlog from the sender. A send the faults will drop or
     * that cannot be routed does not wait.
     */
    private void awaitEgressRoom(NodeId peer, String channel, long key, int codecId, byte[] payload, Duration timeout)
            throws InterruptedException {
        ChannelSpec spec = channels.get(channel);
        if (spec == null) {
            return;
        }
        long limit = (long) config.highWatermarkBytes() * spec.parallelism();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 10_000_000; i++) {
            Connection c;
            try {
                c = route(peer, channel, key, codecId, payload);
            } catch (SendException e) {
                return;
            }
            boolean backlogged = c.isBacklogged();
            if (!backlogged && faults.delayedBytes(peer, channel) <= limit) {
                return;
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0 || c.channel().eventLoop().inEventLoop()) {
                c.metrics().failedSends.inc();
                throw new SendException(SendException.Reason.BACKPRESSURE, "lane " + c.channelName() + "/"
                        + c.lane() + " to " + peer + " stayed backlogged (delayed by fault injection) for " + timeout);
            }
            if (backlogged) {
                c.awaitWritable(Math.min(remainingMillis, 50));
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private Connection route(NodeId peer, String channel, long key, int codecId, byte[] payload) {
        LaneSet lanes;
        RouteCache cached = lastRoute;
        if (cached != null && cached.peer == peer && cached.channel == channel) {
            lanes = cached.lanes;
        } else {
            if (!channels.containsKey(channel)) {
                unknownChannelFailures.inc();
                throw new SendException(SendException.Reason.UNKNOWN_CHANNEL, "channel '" + channel + "' is not configured");
            }
            lanes = connections.lanes(peer, channel);
            if (lanes != null) {
                lastRoute = new RouteCache(peer, channel, lanes);
            }
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
        // a monotonic channel pins unkeyed sends to one lane, so the newest state cannot be overtaken
        Connection c = lanes == null ? null : lanes.pick(key, key != NO_KEY || lanes.options.monotonic());
        if (c == null) {
            throw counted(peer, channel, SendException.Reason.NOT_CONNECTED, "no connection to " + peer + " on "
                    + channel + (key != NO_KEY ? " lane " + channels.get(channel).laneFor(key) : ""));
        }
        return c;
    }

    /** A send on a reliable channel: checked here, numbered and kept by {@link Reliability}. */
    private CompletableFuture<Void> sendReliable(NodeId peer, String channel, long key, int codecId, byte[] payload,
            DeliveryGuarantee delivery) {
        if (!channels.containsKey(channel)) {
            unknownChannelFailures.inc();
            throw new SendException(SendException.Reason.UNKNOWN_CHANNEL, "channel '" + channel + "' is not configured");
        }
        if (stopping.get()) {
            throw counted(peer, channel, SendException.Reason.SHUTDOWN, "the transport is shutting down");
        }
        if (payload.length + Frames.SEQ_BYTES > config.maxPayloadBytes()) {
            throw counted(peer, channel, SendException.Reason.TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds the maximum of " + (config.maxPayloadBytes() - Frames.SEQ_BYTES) + " on a reliable channel");
        }
        if (codecId < 0 || codecId > Frames.MAX_CODEC_ID) {
            throw counted(peer, channel, SendException.Reason.ENCODING, "codec id " + codecId + " is not in 0.."
                    + Frames.MAX_CODEC_ID);
        }
        try {
            return reliability.send(peer, channel, key, codecId, payload, delivery == DeliveryGuarantee.EFFECTIVELY_ONCE);
        } catch (SendException e) {
            catalog.of(channel, peer.name()).failedSends.inc();
            throw e;
        }
    }

    /** Puts one numbered message on a lane (through the egress faults), best effort: retransmission covers losses. */
    private boolean transmit(NodeId peer, String channel, long key, int codecId, byte[] payload, long seq, boolean dedup) {
        if (faults.egressActive()) {
            faults.egress(peer, channel, key, codecId, payload, (p, c, k, cd, pl) -> {
                transmitNow(p, c, k, cd, pl, seq, dedup);
                return CompletableFuture.completedFuture(null);
            });
            return true;
        }
        return transmitNow(peer, channel, key, codecId, payload, seq, dedup);
    }

    private boolean transmitNow(NodeId peer, String channel, long key, int codecId, byte[] payload, long seq,
            boolean dedup) {
        LaneSet lanes = connections.lanes(peer, channel);
        Connection c = lanes == null || stopping.get() ? null : lanes.pick(key, key != NO_KEY);
        if (c == null || c.pendingBytes() + payload.length > config.maxQueuedBytes()) {
            return false;
        }
        ChannelOptions options = c.options();
        SendFutures.transmit(c, Frames.encode(c.channel().alloc(), codecId, payload, options.compresses(payload.length), seq, dedup));
        return true;
    }

    /** One cached route; compared by identity, so a miss costs only the ordinary lookup. */
    private record RouteCache(NodeId peer, String channel, LaneSet lanes) {
    }

    private CompletableFuture<Void> enqueue(Connection c, long key, int codecId, byte[] payload) {
        long frameBytes = Frames.LENGTH_BYTES + Frames.dataFrameLength(payload.length);
        if (c.pendingBytes() + frameBytes > config.maxQueuedBytes()) {
            c.metrics().failedSends.inc();
            throw new SendException(SendException.Reason.BACKPRESSURE, "lane " + c.channelName() + "/" + c.lane()
                    + " to " + c.peer() + " has more than max-queued-bytes (" + config.maxQueuedBytes() + ") pending");
        }
        ChannelOptions options = c.options();
        ByteBuf frame = options.compresses(payload.length)
                ? Frames.encodeCompressedData(c.channel().alloc(), codecId, payload)
                : Frames.encodeData(c.channel().alloc(), codecId, payload);
        return options.monotonic() ? SendFutures.sendMonotonic(c, frame, key) : SendFutures.send(c, frame);
    }

    private SendException counted(NodeId peer, String channel, SendException.Reason reason, String message) {
        catalog.of(channel, peer.name()).failedSends.inc();
        return new SendException(reason, message);
    }

    /**
     * This node's fault injector (drop, delay, duplicate, reorder, partitions, ingress/egress delay,
     * bandwidth cap); see {@code docs/fault-injection.md}. With no fault installed it costs one volatile
     * read per send and per received message.
     */
    public FaultInjector faults() {
        return faults;
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
        reliability.stop();
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
