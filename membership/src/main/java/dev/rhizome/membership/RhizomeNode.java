package dev.rhizome.membership;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.Transport;
import dev.rhizome.channels.TransportConfig;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.channels.metrics.JmxMetricsExporter;
import dev.rhizome.overlay.BroadcastHandler;
import dev.rhizome.membership.jmx.JmxConnector;
import dev.rhizome.membership.jmx.NodeMBeanRegistration;
import dev.rhizome.membership.jmx.NodeMXBean;
import dev.rhizome.membership.relay.Relay;
import dev.rhizome.membership.relay.RelayCodec;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeListener;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.ReceiveHandler;
import dev.rhizome.overlay.Registration;
import dev.rhizome.overlay.SendException;
import dev.rhizome.overlay.codec.PayloadCodec;
import dev.rhizome.overlay.codec.PayloadCodecs;
import dev.rhizome.overlay.codec.ProtoStreamCodec;
import dev.rhizome.overlay.codec.RawBytesCodec;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topologies;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the {@link Overlay} implementation.
 *
 * <pre>
 *   application ──send──▶ RhizomeNode ──▶ Transport (Netty event loops) ──▶ peers
 *        ▲                    │  ▲                │
 *        │ onReceive          │  │ control msgs,  │ data frames on user channels
 *        └────────────────────┘  │ conn up/down   ▼
 *                           ProtocolDriver (one thread) ── Protocol (sans-IO topology)
 *                                  │ Emit
 *                                  ▼
 *                           event thread ── onNodeUp / onNodeDown listeners
 * </pre>
 *
 * User receive handlers run on the transport's event loop; membership listeners run on one event
 * thread, in order; the protocol runs on its own thread.
 *
 * <p>A send to a node without a connection on the channel goes through the {@link Relay}: along a
 * learned reverse path, the topology's route, or a searched one, hop by hop (see {@code docs/routing.md}).
 * The topology's {@link dev.rhizome.overlay.spi.Protocol#refuseDialer} is the transport's admission policy.
 */
public final class RhizomeNode implements Overlay {

    private static final Logger LOG = LoggerFactory.getLogger(RhizomeNode.class);

    private final OverlayConfig config;
    private final MetricRegistry metrics = new MetricRegistry();
    private final PayloadCodecs codecs;
    private final Map<String, List<ReceiveHandler>> handlers = new ConcurrentHashMap<>();
    private final List<BroadcastHandler> broadcastHandlers = new CopyOnWriteArrayList<>();
    private final Listeners nodeUp = new Listeners("node-up");
    private final Listeners nodeDown = new Listeners("node-down");
    private final Listeners channelUp = new Listeners("channel-up");
    private final Listeners channelDown = new Listeners("channel-down");
    private final List<PendingJoin> pendingJoins = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final AtomicBoolean left = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private final TransportEvents transportEvents = new TransportEvents();
    private Transport transport;
    private ControlCodec controlCodec;
    private ProtocolDriver driver;
    private volatile Relay relay;
    private volatile boolean partialRouter;
    private AutoCloseable jmxExporter;
    private NodeMBeanRegistration nodeMBean;
    private JmxConnector jmxConnector;

    private record PendingJoin(InetSocketAddress seed, CompletableFuture<Void> done) {}

    private RhizomeNode(OverlayConfig config) {
        this.config = config;
        List<PayloadCodec> all = new ArrayList<>();
        all.add(new RawBytesCodec());
        all.addAll(config.codecs());
        all.add(new ProtoStreamCodec(config.schemas()));
        this.codecs = new PayloadCodecs(all);
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rhizome-events-" + config.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    static RhizomeNode start(OverlayConfig config, long incarnation) {
        RhizomeNode node = new RhizomeNode(config);
        try {
            node.startParts(incarnation);
        } catch (RuntimeException e) {
            node.closeParts();
            throw e;
        }
        for (InetSocketAddress seed : config.seeds()) {
            node.join(seed);
        }
        return node;
    }

    private void startParts(long incarnation) {
        var topology = Topologies.byName(config.topology());
        transport = Transport.start(transportConfig(incarnation), transportEvents, metrics);
        NodeSpec self = new NodeSpec(transport.self(), config.metadata());
        List<String> channelNames = new ArrayList<>();
        channelNames.add(ChannelSpec.CONTROL);
        config.channels().forEach(c -> channelNames.add(c.name()));
        Protocol protocol = topology.create(new ProtocolContext(self, channelNames,
                RandomGenerator.of("L64X128MixRandom"), config.protocolSettings()));
        controlCodec = new ControlCodec(protocol.schemas());
        transport.admission(new DialerAdmission(config.name(), protocol, metrics.counter("membership.refused-dialers")));
        partialRouter = protocol.router().partial();
        driver = new ProtocolDriver(config.name(), protocol, System::currentTimeMillis, this::perform);
        relay = new Relay(transport.self(), config.routeTtl(), new RelayHost(), metrics);
        jmxExporter = JmxMetricsExporter.start(metrics, config.name(), ManagementFactory.getPlatformMBeanServer());
        nodeMBean = NodeMBeanRegistration.register(config.name(), new NodeBean());
        config.jmxPort().ifPresent(port -> jmxConnector = JmxConnector.start(config.host(), port));
        driver.submit(new Input.Start());
        LOG.info("node {} started ({} topology, channels {})", transport.self(), config.topology(), config.channels());
    }

    private TransportConfig transportConfig(long incarnation) {
        return new TransportConfig(config.name(), config.host(), config.port(), incarnation, config.cluster(),
                config.secret(), config.channels(), config.maxFrameBytes(), config.handshakeTimeout(),
                config.reconnectMin(), config.reconnectMax(), config.lowWatermarkBytes(),
                config.highWatermarkBytes(), config.maxQueuedBytes(), config.ioThreads());
    }

    /** This node's metrics, exported over JMX. */
    public MetricRegistry metrics() {
        return metrics;
    }

    /** The URL of the remote JMX connector, when {@code jmx-port} is set. */
    public Optional<String> jmxServiceUrl() {
        return Optional.ofNullable(jmxConnector).map(c -> c.url().toString());
    }

    /** Established connections over all channels and lanes. */
    public int activeConnections() {
        return transport.activeConnections();
    }

    /**
     * This node's transport fault injector (see {@code docs/fault-injection.md}), for tests and
     * rehearsals: drop, delay or partition this node's traffic.
     */
    public dev.rhizome.channels.faults.FaultInjector faults() {
        return transport.faults();
    }

    /**
     * The path this node learned to {@code to}, every hop on {@code channel}: the reverse of the last
     * message {@code to} relayed here (the route a reply takes), or the answer of a route search. Empty
     * when none is held; sends then ask the topology's router.
     */
    public Optional<Route> relayRoute(NodeId to, String channel) {
        return relay.learned().route(to, channel);
    }

    /** Connections up to {@code peer} on {@code channel}. */
    public int connectionCount(NodeId peer, String channel) {
        return transport.connectionCount(peer, channel);
    }

    // ---- Overlay -------------------------------------------------------------------------------

    @Override
    public NodeId self() {
        return transport.self();
    }

    @Override
    public String topology() {
        return config.topology();
    }

    @Override
    public CompletionStage<Void> join(InetSocketAddress seed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (members().size() > 1) {
            done.complete(null);
            return done;
        }
        InetSocketAddress resolved = seed.isUnresolved() ? new InetSocketAddress(seed.getHostString(), seed.getPort()) : seed;
        pendingJoins.add(new PendingJoin(resolved, done));
        driver.submit(new Input.Join(resolved));
        return done;
    }

    @Override
    public CompletionStage<Void> leave() {
        if (!left.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return driver.submitAndWait(new Input.Leave());
    }

    @Override
    public SortedSet<NodeId> members() {
        return driver.members();
    }

    @Override
    public SortedSet<NodeId> passivePeers() {
        return driver.passiveView();
    }

    @Override
    public Optional<NodeId> member(String name) {
        return members().stream().filter(n -> n.name().equals(name)).reduce((a, b) -> b);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, byte[] payload) {
        return route(to, channel, Transport.NO_KEY, RawBytesCodec.ID, payload);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, long partitionKey, byte[] payload) {
        return route(to, channel, partitionKey, RawBytesCodec.ID, payload);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, long partitionKey, byte[] payload,
            DeliveryGuarantee delivery) {
        if (!delivery.reliable()) {
            return route(to, channel, partitionKey, RawBytesCodec.ID, payload);
        }
        if (transport.connectionCount(to, channel) == 0 && config.channel(channel).isPresent()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Reason.NOT_CONNECTED,
                    "a " + delivery + " send needs a direct connection, and " + to + " is not a neighbour on channel "
                            + channel + "; relayed sends are at-most-once"));
        }
        return transport.send(to, channel, partitionKey, RawBytesCodec.ID, payload, delivery);
    }

    /**
     * A neighbour gets the frame directly, exactly as before routing existed; any other node of the
     * overlay through the relay, along the topology's route (see {@code docs/routing.md}).
     */
    private CompletionStage<Void> route(NodeId to, String channel, long partitionKey, int codecId, byte[] payload) {
        if (transport.connectionCount(to, channel) > 0 || relay == null) {
            return transport.send(to, channel, partitionKey, codecId, payload);
        }
        if (config.channel(channel).isEmpty()) {
            return transport.send(to, channel, partitionKey, codecId, payload); // fails UNKNOWN_CHANNEL, counted
        }
        return relay.send(to, channel, partitionKey, codecId, payload);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return send(to, channel, bytes);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, Object message) {
        return send(to, channel, Transport.NO_KEY, message);
    }

    @Override
    public CompletionStage<Void> send(NodeId to, String channel, long partitionKey, Object message) {
        if (message instanceof ByteBuffer buffer) {
            return send(to, channel, buffer);
        }
        PayloadCodec codec;
        byte[] bytes;
        try {
            codec = codecs.forMessage(message);
            bytes = codec.encode(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SendException(SendException.Reason.ENCODING, e.getMessage(), e));
        }
        return route(to, channel, partitionKey, codec.id(), bytes);
    }

    @Override
    public void sendBlocking(NodeId to, String channel, Object message) throws InterruptedException {
        PayloadCodec codec = encoderFor(message);
        transport.sendBlocking(to, channel, Transport.NO_KEY, codec.id(), encode(codec, message), config.sendTimeout());
    }

    @Override
    public boolean trySend(NodeId to, String channel, Object message) {
        PayloadCodec codec = encoderFor(message);
        return transport.trySend(to, channel, Transport.NO_KEY, codec.id(), encode(codec, message));
    }

    private PayloadCodec encoderFor(Object message) {
        try {
            return codecs.forMessage(message instanceof ByteBuffer ? new byte[0] : message);
        } catch (RuntimeException e) {
            throw new SendException(SendException.Reason.ENCODING, e.getMessage(), e);
        }
    }

    private static byte[] encode(PayloadCodec codec, Object message) {
        if (message instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        try {
            return codec.encode(message);
        } catch (RuntimeException e) {
            throw new SendException(SendException.Reason.ENCODING, e.getMessage(), e);
        }
    }

    @Override
    public Registration onReceive(String channel, ReceiveHandler handler) {
        if (config.channel(channel).isEmpty()) {
            throw new IllegalArgumentException("channel '" + channel + "' is not configured; configured: "
                    + config.channels().stream().map(ChannelSpec::name).toList());
        }
        List<ReceiveHandler> list = handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        list.add(handler);
        return () -> list.remove(handler);
    }

    @Override
    public CompletionStage<Void> broadcast(byte[] payload) {
        java.util.Objects.requireNonNull(payload, "payload");
        return driver.submitAndWait(new Input.Broadcast(payload));
    }

    @Override
    public Registration onBroadcast(BroadcastHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        broadcastHandlers.add(handler);
        return () -> broadcastHandlers.remove(handler);
    }

    @Override
    public Registration onNodeUp(NodeListener listener) {
        return nodeUp.add(null, listener);
    }

    @Override
    public Registration onNodeDown(NodeListener listener) {
        return nodeDown.add(null, listener);
    }

    @Override
    public Registration onNodeUp(String nodeName, NodeListener listener) {
        return nodeUp.add(nodeName, listener);
    }

    @Override
    public Registration onNodeDown(String nodeName, NodeListener listener) {
        return nodeDown.add(nodeName, listener);
    }

    @Override
    public Registration onChannelUp(String channel, NodeListener listener) {
        return channelUp.add(channel, listener);
    }

    @Override
    public Registration onChannelDown(String channel, NodeListener listener) {
        return channelDown.add(channel, listener);
    }

    @Override
    public void shutdown(Duration drain) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            leave().toCompletableFuture().get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("leave did not complete before shutdown: {}", e.toString());
        }
        try {
            transport.shutdown(drain).toCompletableFuture().get(drain.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("transport did not drain within {}: {}", drain, e.toString());
        }
        closeParts();
        LOG.info("node {} stopped", config.name());
    }

    /**
     * Stops at once without leaving or draining, as a crash would (for tests). Peers detect it as a
     * failure.
     */
    public void halt() {
        if (stopped.compareAndSet(false, true)) {
            left.set(true);
            closeParts();
        }
    }

    private void closeParts() {
        closeQuietly(driver);
        closeQuietly(relay);
        if (transport != null) {
            try {
                transport.shutdown(Duration.ZERO).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("transport close: {}", e.toString());
            }
        }
        closeQuietly(jmxConnector);
        closeQuietly(nodeMBean);
        closeQuietly(jmxExporter);
        events.shutdown();
        for (PendingJoin join : pendingJoins) {
            join.done.completeExceptionally(new IllegalStateException("node stopped before the join completed"));
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    // ---- protocol outputs ------------------------------------------------------------------------

    private void perform(Output output) {
        switch (output) {
            case Output.Send send -> transport.send(send.to(), ChannelSpec.CONTROL, Transport.NO_KEY, ControlCodec.ID,
                            controlCodec.encode(send.message()))
                    .exceptionally(failure -> {
                        LOG.debug("control message to {} not sent: {}", send.to(), failure.toString());
                        return null;
                    });
            case Output.Connect connect -> transport.connect(connect.peer());
            case Output.Dial dial -> transport.dial(dial.address());
            case Output.Disconnect disconnect -> transport.disconnect(disconnect.peer());
            case Output.Emit emit -> publish(emit.event());
            case Output.Deliver deliver -> deliver(deliver.origin(), deliver.payload());
            case Output.SetTimer ignored -> throw new IllegalStateException("timers are the driver's");
            case Output.CancelTimer ignored -> throw new IllegalStateException("timers are the driver's");
        }
    }

    private void publish(MembershipEvent event) {
        events.execute(() -> {
            switch (event) {
                case MembershipEvent.NodeUp up -> {
                    LOG.info("{}: node up {}", config.name(), up.node());
                    completeJoins();
                    nodeUp.fire(up.node().name(), up.node(), "joined");
                }
                case MembershipEvent.NodeDown down -> {
                    LOG.info("{}: node down {} ({})", config.name(), down.node(), down.reason());
                    nodeDown.fire(down.node().name(), down.node(), down.reason());
                }
            }
        });
    }

    /** Hands a delivered broadcast to every broadcast handler, on the event thread. */
    private void deliver(NodeId origin, byte[] payload) {
        events.execute(() -> {
            for (BroadcastHandler handler : broadcastHandlers) {
                try {
                    handler.onBroadcast(origin, payload);
                } catch (Exception e) {
                    LOG.warn("{}: broadcast handler failed for a broadcast from {}", config.name(), origin, e);
                }
            }
        });
    }

    private void completeJoins() {
        for (PendingJoin join : pendingJoins) {
            join.done.complete(null);
            pendingJoins.remove(join);
        }
    }

    private void failJoin(InetSocketAddress address, String reason) {
        for (PendingJoin join : pendingJoins) {
            if (sameAddress(join.seed, address)) {
                join.done.completeExceptionally(new IllegalStateException("cannot join through " + address + ": " + reason));
                pendingJoins.remove(join);
            }
        }
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getHostString().equals(b.getHostString())
                || a.getPort() == b.getPort() && a.getAddress() != null && a.getAddress().equals(b.getAddress());
    }

    // ---- transport events --------------------------------------------------------------------------

    private final class TransportEvents implements TransportListener {

        @Override
        public void onChannelUp(NodeId peer, String channel) {
            if (ChannelSpec.CONTROL.equals(channel)) {
                driver.submit(new Input.ConnectionUp(peer));
            } else {
                events.execute(() -> channelUp.fire(channel, peer, "connected"));
            }
        }

        @Override
        public void onChannelDown(NodeId peer, String channel) {
            if (ChannelSpec.CONTROL.equals(channel)) {
                Relay current = relay;
                if (current != null) {
                    current.linkDown(peer);
                }
                driver.submit(new Input.ConnectionDown(peer));
            } else {
                events.execute(() -> channelDown.fire(channel, peer, "disconnected"));
            }
        }

        @Override
        public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
            if (codecId == RelayCodec.ID) {
                Relay current = relay;
                if (current != null) {
                    current.onFrame(peer, channel, payload);
                }
                return;
            }
            if (ChannelSpec.CONTROL.equals(channel)) {
                driver.submit(new Input.Received(peer, controlCodec.decode(payload)));
                return;
            }
            deliverLocally(peer, channel, codecId, payload);
        }

        /** Runs the receive handlers of {@code channel}; {@code from} is the original sender. */
        void deliverLocally(NodeId from, String channel, int codecId, byte[] payload) {
            List<ReceiveHandler> list = handlers.get(channel);
            if (list == null) {
                return;
            }
            Delivery delivery = new Delivery(from, channel, codecId, payload, codecs);
            for (ReceiveHandler handler : list) {
                try {
                    handler.onMessage(delivery);
                } catch (Exception e) {
                    metrics.counter(MetricRegistry.name("channel", channel, "peer", from.name(), "handler-errors")).inc();
                    LOG.warn("receive handler on channel {} failed for a message from {}", channel, from.name(), e);
                }
            }
        }

        @Override
        public void onDialFailed(InetSocketAddress address, String reason) {
            driver.submit(new Input.DialFailed(address, reason));
            failJoin(address, reason);
        }
    }

    /** The relay's view of this node: the transport, and the protocol's router on its own thread. */
    private final class RelayHost implements Relay.Host {
        @Override
        public boolean connected(NodeId peer, String channel) {
            return transport.connectionCount(peer, channel) > 0;
        }

        @Override
        public CompletionStage<Void> transmit(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload) {
            return transport.send(peer, channel, partitionKey, codecId, payload);
        }

        @Override
        public java.util.Collection<NodeId> neighbours() {
            return transport.peers(ChannelSpec.CONTROL);
        }

        @Override
        public CompletionStage<Optional<Route>> route(NodeId to, String channel) {
            NodeId self = transport.self();
            return driver.call(protocol -> protocol.router().route(self, to, channel));
        }

        @Override
        public boolean partialRouter() {
            return partialRouter;
        }

        @Override
        public void deliver(NodeId origin, String channel, int codecId, byte[] payload) {
            transportEvents.deliverLocally(origin, channel, codecId, payload);
        }
    }

    private final class NodeBean implements NodeMXBean {
        @Override
        public String getName() {
            return config.name();
        }

        @Override
        public String getTopology() {
            return config.topology();
        }

        @Override
        public String[] getMembers() {
            return members().stream().map(NodeId::name).sorted().distinct().toArray(String[]::new);
        }

        @Override
        public String[] getPassiveView() {
            return passivePeers().stream().map(NodeId::name).sorted().distinct().toArray(String[]::new);
        }

        @Override
        public int getActiveConnections() {
            return transport.activeConnections();
        }
    }
}
