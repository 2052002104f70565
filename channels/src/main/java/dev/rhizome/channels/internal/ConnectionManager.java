package dev.rhizome.channels.internal;

import dev.rhizome.channels.TransportConfig;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps track of every connection: which lane of which channel to which peer is up, which dials are
 * in progress, reconnects with backoff, and the tie-break between simultaneous dials.
 *
 * <p>Tie-break: of two connections for the same (peer, channel, lane), the one dialed by the smaller
 * {@link NodeId} wins. The acceptor applies the rule before it sends ACCEPT (so a losing duplicate
 * never carries data); if two connections still end up established (a race with a reconnect), both
 * sides apply the same rule and retire the loser with {@link Connection#closeGracefully}: each side
 * stops routing to it, writes what it queued, half-closes it and keeps reading until the peer's end of
 * stream, so frames either side wrote on the loser before it learned of the tie-break are delivered.
 */
public final class ConnectionManager implements ConnectionOwner {

    private volatile dev.rhizome.channels.Admission admission = dev.rhizome.channels.Admission.ALL;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);
    private static final String UNKNOWN_CHANNEL = "unknown";

    private final NodeId self;
    private final TransportConfig config;
    private final TransportListener listener;
    private final MetricsCatalog catalog;
    private final Map<String, ChannelSpec> specs;
    private final EventLoopGroup group;
    private final PipelineInitializer pipeline;
    private final Backoff backoff;
    private final ConcurrentMap<NodeId, PeerLinks> peers = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Set<Connection> established = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile long bandwidthCap;
    private final ScheduledFuture<?> metricsSweep;
    private volatile java.util.function.BiConsumer<NodeId, String> connectionLost = (peer, channel) -> { };

    public ConnectionManager(NodeId self, TransportConfig config, TransportListener listener, MetricsCatalog catalog,
            Map<String, ChannelSpec> specs, EventLoopGroup group, PipelineInitializer pipeline) {
        this.self = self;
        this.config = config;
        this.listener = listener;
        this.catalog = catalog;
        this.specs = specs;
        this.group = group;
        this.pipeline = pipeline;
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        this.metricsSweep = scheduleMetricsSweep();
    }

    /**
     * How long the metrics of a (channel, peer) pair outlive its last connection: twelve times
     * {@code reconnect-max-ms} (one minute by default), long enough for a peer that is merely
     * reconnecting or restarting to keep its counts.
     */
    public static Duration peerMetricsRetention(TransportConfig config) {
        return config.reconnectMax().multipliedBy(12);
    }

    private Set<String> wantedPeerNames() {
        Set<String> names = new java.util.HashSet<>();
        for (PeerLinks links : peers.values()) {
            synchronized (links) {
                if (links.wanted) {
                    names.add(links.peer.name());
                }
            }
        }
        return names;
    }

    private ScheduledFuture<?> scheduleMetricsSweep() {
        Duration retention = peerMetricsRetention(config);
        long period = Math.max(10, retention.toMillis() / 4);
        return group.scheduleAtFixedRate(() -> {
            int removed = catalog.sweep(retention, wantedPeerNames());
            if (removed > 0) {
                LOG.debug("{}: removed the metrics of {} idle (channel, peer) pairs", self.name(), removed);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** A new connection for an accepted socket. */
    public Connection accepted(Channel ch) {
        Connection c = new Connection(this, false, null, null, null, -1, config.highWatermarkBytes(), config.handshakeTimeout());
        open.add(c);
        pipeline.accepted(ch, c);
        return c;
    }

    // ---- the public operations ----

    /** Keeps every lane of every channel to {@code peer} connected until {@link #disconnect}. */
    public void connect(NodeId peer) {
        if (peer.equals(self)) {
            LOG.debug("{}: not connecting to itself", self.name());
            return;
        }
        PeerLinks links = links(peer);
        synchronized (links) {
            links.wanted = true;
        }
        for (LaneSet set : links.channels.values()) {
            for (int lane = 0; lane < set.spec.parallelism(); lane++) {
                maybeDial(links, set, lane);
            }
        }
    }

    /** Opens CONTROL lane 0 to a node known only by address. */
    public void dial(InetSocketAddress address) {
        if (stopping) {
            listener.onDialFailed(address, "the transport is shutting down");
            return;
        }
        Connection c = new Connection(this, true, null, address, ChannelSpec.CONTROL, 0, config.highWatermarkBytes(), config.handshakeTimeout());
        open(c, address);
    }

    /** Closes every connection to {@code peer}, flushing first, and stops reconnecting. */
    public void disconnect(NodeId peer) {
        PeerLinks links = peers.get(peer);
        if (links == null) {
            return;
        }
        List<Connection> closing = new ArrayList<>();
        synchronized (links) {
            links.wanted = false;
            for (LaneSet set : links.channels.values()) {
                for (int lane = 0; lane < set.spec.parallelism(); lane++) {
                    cancelTimer(set, lane);
                    addIfPresent(closing, set.up.get(lane));
                    addIfPresent(closing, set.dialing[lane]);
                }
            }
        }
        closing.forEach(Connection::closeGracefully);
    }

    /** The connection a send to ({@code peer}, {@code channel}) should use, or {@code null}. */
    public Connection route(NodeId peer, String channel, long key, boolean keyed) {
        PeerLinks links = peers.get(peer);
        if (links == null) {
            return null;
        }
        LaneSet set = links.channels.get(channel);
        return set == null ? null : set.pick(key, keyed);
    }

    /** The lanes of ({@code peer}, {@code channel}), or {@code null} if the peer was never seen; stable once non-null. */
    public LaneSet lanes(NodeId peer, String channel) {
        PeerLinks links = peers.get(peer);
        return links == null ? null : links.channels.get(channel);
    }

    /** Sets the per-connection outgoing bandwidth cap (bytes/s, 0 = none) on every connection, now and later. */
    public void bandwidthCap(long bytesPerSecond) {
        bandwidthCap = bytesPerSecond;
        established.forEach(c -> BandwidthShaper.apply(c.channel(), bytesPerSecond, config.highWatermarkBytes()));
    }

    /** Tells {@code hook} (peer, channel) whenever an established connection closes; set once, before use. */
    public void onConnectionLost(java.util.function.BiConsumer<NodeId, String> hook) {
        this.connectionLost = hook;
    }

    /** Resets (SO_LINGER 0, close) every established connection to {@code peer}; fault injection. */
    public void reset(NodeId peer) {
        for (Connection c : established) {
            if (peer.equals(c.peer())) {
                Channel ch = c.channel();
                ch.eventLoop().execute(() -> {
                    if (ch.isOpen()) {
                        ch.config().setOption(ChannelOption.SO_LINGER, 0);
                        ch.close();
                    }
                });
            }
        }
    }

    /** Established connections. */
    public int activeConnections() {
        return established.size();
    }

    /** Peers with at least one lane of {@code channel} up. */
    public Set<NodeId> peers(String channel) {
        Set<NodeId> result = new TreeSet<>();
        for (PeerLinks links : peers.values()) {
            LaneSet set = links.channels.get(channel);
            if (set != null && set.upCount > 0) {
                result.add(links.peer);
            }
        }
        return result;
    }

    /** Lanes of {@code channel} up to {@code peer}. */
    public int connectionCount(NodeId peer, String channel) {
        PeerLinks links = peers.get(peer);
        LaneSet set = links == null ? null : links.channels.get(channel);
        return set == null ? 0 : set.upCount;
    }

    /** Stops all reconnecting and dialing; used by shutdown. */
    public void stop() {
        stopping = true;
        metricsSweep.cancel(false);
        for (PeerLinks links : peers.values()) {
            synchronized (links) {
                links.wanted = false;
                for (LaneSet set : links.channels.values()) {
                    for (int lane = 0; lane < set.spec.parallelism(); lane++) {
                        cancelTimer(set, lane);
                    }
                }
            }
        }
    }

    /** Runs {@code action} on every established connection. */
    public void forEachEstablished(Consumer<Connection> action) {
        established.forEach(action);
    }

    /** Bytes pending on all established connections. */
    public long pendingBytes() {
        long sum = 0;
        for (Connection c : established) {
            if (c.channel().isActive()) {
                sum += c.pendingBytes();
            }
        }
        return sum;
    }

    /** Closes every open connection now. */
    public void closeAll() {
        for (Connection c : open) {
            Channel ch = c.channel();
            if (ch != null) {
                ch.close();
            }
        }
    }

    // ---- dialing and reconnecting ----

    private PeerLinks links(NodeId peer) {
        return peers.computeIfAbsent(peer, p -> new PeerLinks(p, specs.values(), config::options));
    }

    private void maybeDial(PeerLinks links, LaneSet set, int lane) {
        Connection c;
        synchronized (links) {
            set.timers[lane] = null;
            if (!links.wanted || stopping || set.up.get(lane) != null || set.dialing[lane] != null) {
                return;
            }
            c = new Connection(this, true, links.peer, new InetSocketAddress(links.peer.host(), links.peer.port()),
                    set.spec.name(), lane, config.highWatermarkBytes(), config.handshakeTimeout());
            set.dialing[lane] = c;
        }
        open(c, c.dialAddress());
    }

    private void open(Connection c, InetSocketAddress address) {
        open.add(c);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.handshakeTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.lowWatermarkBytes(), config.highWatermarkBytes()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline.dialed(ch, c, c.channelName(), c.lane());
                    }
                });
        try {
            bootstrap.connect(address).addListener(f -> {
                if (!f.isSuccess()) {
                    dialEnded(c, null, "cannot connect to " + address + ": " + f.cause(), false);
                }
            });
        } catch (RuntimeException e) {
            dialEnded(c, null, "cannot connect to " + address + ": " + e, false);
        }
    }

    private void dialEnded(Connection c, NodeId peer, String reason, boolean duplicate) {
        open.remove(c);
        NodeId target = c.expectedPeer();
        if (target == null) {
            if (!duplicate) {
                safely(() -> listener.onDialFailed(c.dialAddress(), reason));
            } else if (peer != null && connectionCount(peer, ChannelSpec.CONTROL) > 0) {
                safely(() -> listener.onChannelUp(peer, ChannelSpec.CONTROL));
            }
            return;
        }
        PeerLinks links = links(target);
        LaneSet set = links.channels.get(c.channelName());
        synchronized (links) {
            if (set.dialing[c.lane()] == c) {
                set.dialing[c.lane()] = null;
            }
        }
        scheduleRedial(links, set, c.lane());
    }

    private void scheduleRedial(PeerLinks links, LaneSet set, int lane) {
        synchronized (links) {
            if (!links.wanted || stopping || set.up.get(lane) != null || set.dialing[lane] != null
                    || set.timers[lane] != null) {
                return;
            }
            long delay = backoff.delayNanos(set.attempts[lane]++);
            catalog.of(set.spec.name(), links.peer.name()).reconnects.inc();
            try {
                set.timers[lane] = group.schedule(() -> maybeDial(links, set, lane), delay, TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) {
                LOG.debug("{}: cannot schedule a reconnect: {}", self.name(), rejected.toString());
            }
        }
    }

    private static void cancelTimer(LaneSet set, int lane) {
        ScheduledFuture<?> timer = set.timers[lane];
        if (timer != null) {
            timer.cancel(false);
            set.timers[lane] = null;
        }
    }

    // ---- connection events ----

    @Override
    public String refuse(Connection connection, NodeId peer, String channel) {
        return admission.refuse(peer, channel);
    }

    /** Sets the acceptor's admission policy (see {@link dev.rhizome.channels.Admission}). */
    public void admission(dev.rhizome.channels.Admission policy) {
        this.admission = java.util.Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String admit(Connection connection, NodeId peer, String channel, int lane) {
        if (stopping) {
            return "the node is shutting down";
        }
        if (self.compareTo(peer) >= 0) {
            return null;
        }
        PeerLinks links = links(peer);
        LaneSet set = links.channels.get(channel);
        synchronized (links) {
            Connection existing = set.up.get(lane);
            if (set.dialing[lane] != null || (existing != null && existing.isDialer() && existing.isUsable())) {
                return "duplicate connection for " + channel + "/" + lane + ": keeping the one dialed by "
                        + self.name();
            }
        }
        return null;
    }

    @Override
    public void established(Connection c) {
        NodeId peer = c.peer();
        String channel = c.channelName();
        int lane = c.lane();
        c.bind(config.options(channel), catalog.attach(channel, peer.name()));
        long cap = bandwidthCap;
        if (cap > 0) {
            BandwidthShaper.apply(c.channel(), cap, config.highWatermarkBytes());
        }
        established.add(c);
        PeerLinks links = links(peer);
        LaneSet set = links.channels.get(channel);
        boolean firstUp = false;
        boolean replacedLast = false;
        Connection loser = null;
        synchronized (links) {
            if (set.dialing[lane] == c) {
                set.dialing[lane] = null;
            }
            set.attempts[lane] = 0;
            Connection existing = set.up.get(lane);
            if (existing == null) {
                set.up.set(lane, c);
                set.upCount++;
                firstUp = set.upCount == 1;
            } else if (!existing.isUsable()) {
                // the closing connection leaves the lane now; its own close will find it replaced
                set.up.set(lane, c);
                replacedLast = set.upCount == 1;
            } else {
                Connection winner = prefer(existing, c);
                loser = winner == existing ? c : existing;
                set.up.set(lane, winner);
            }
        }
        LOG.debug("{}: {} established", self.name(), c);
        if (loser != null) {
            retire(loser);
        }
        if (replacedLast) {
            // the channel was unusable while its only connection was closing: say so, so that a listener
            // that acted on the close (dropped the peer, say) learns that the channel is back
            safely(() -> listener.onChannelDown(peer, channel));
        }
        if (firstUp || replacedLast || (c.isDialer() && c.expectedPeer() == null)) {
            safely(() -> listener.onChannelUp(peer, channel));
        }
    }

    private Connection prefer(Connection existing, Connection fresh) {
        int order = existing.dialerId(self).compareTo(fresh.dialerId(self));
        return order < 0 ? existing : fresh;
    }

    private void retire(Connection loser) {
        LOG.debug("{}: retiring duplicate {}", self.name(), loser);
        loser.closeGracefully();
    }

    @Override
    public void handshakeFailed(Connection c, NodeId peer, String channel, String reason, boolean duplicate) {
        if (!duplicate) {
            catalog.unauthenticated(channel == null ? UNKNOWN_CHANNEL : channel).handshakeFailures.inc();
        }
        if (c.isDialer()) {
            dialEnded(c, peer, reason, duplicate);
        }
    }

    @Override
    public void closed(Connection c) {
        open.remove(c);
        boolean wasEstablished = established.remove(c);
        NodeId peer = c.peer();
        if (!wasEstablished || peer == null) {
            return;
        }
        PeerLinks links = links(peer);
        LaneSet set = links.channels.get(c.channelName());
        int lane = c.lane();
        boolean lastDown = false;
        synchronized (links) {
            if (set.up.get(lane) == c) {
                set.up.set(lane, null);
                set.upCount--;
                lastDown = set.upCount == 0;
            }
        }
        LOG.debug("{}: {} closed", self.name(), c);
        catalog.detach(c.channelName(), peer.name());
        safely(() -> connectionLost.accept(peer, c.channelName()));
        if (lastDown) {
            safely(() -> listener.onChannelDown(peer, c.channelName()));
        }
        scheduleRedial(links, set, lane);
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("{}: the transport listener failed", self.name(), e);
        }
    }

    private static void addIfPresent(List<Connection> list, Connection c) {
        if (c != null) {
            list.add(c);
        }
    }
}
