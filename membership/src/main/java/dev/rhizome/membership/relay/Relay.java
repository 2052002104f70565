package dev.rhizome.membership.relay;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.NoRouteException;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.wire.WireNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transitive send: carries a message to a node that is not a neighbour along the topology's route,
 * hop by hop over the real channels, in a {@link RelayEnvelope} with a TTL.
 *
 * <pre>
 *   send(to) ──▶ learned reverse/searched path ──or──▶ topology router ──or (partial router)──▶ RouteSearch
 *                   │ no route: NoRouteException naming the destination
 *                   ▼
 *   origin ──[hop 1 channel]──▶ relay ──[hop 2 channel]──▶ … ──▶ destination: handlers see the origin
 *                               │ next hop gone: re-route from here (the topology's router)
 *                               │ TTL spent, or no route: dropped, logged, counted;
 *                               │ with no route, RouteLost goes back so the origin forgets its path
 * </pre>
 *
 * The stage of a relayed send completes when the first hop's frame is written; what happens further on
 * is at-most-once and reported by the relays' metrics and logs, not to the sender.
 *
 * <p>Metrics, in the node's registry (so over JMX): {@code relay.originated}, {@code relay.forwarded},
 * {@code relay.delivered}, {@code relay.ttl-expired}, {@code relay.no-route}, {@code relay.malformed},
 * {@code relay.route-searches}, {@code relay.route-search-probes}, {@code relay.route-searches-failed},
 * {@code relay.routes-lost} (a relay told this origin it lost a message, so the learned path was dropped), and
 * per hop {@code channel.<c>.peer.<next>.relayed}: relayed frames this node wrote to {@code next} on
 * {@code c}.
 */
public final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    /** How long a route search waits for an answer. */
    public static final long SEARCH_TIMEOUT_MS = 3_000;
    /** How many learned paths a node keeps. */
    public static final int LEARNED_CAPACITY = 4_096;

    /** What the relay needs from its node. */
    public interface Host {

        /** Whether {@code channel} to {@code peer} has a connection up. */
        boolean connected(NodeId peer, String channel);

        /** Writes one frame to a connected peer (the transport's send). */
        CompletionStage<Void> transmit(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload);

        /** The peers with a live control connection: where route probes go. */
        Collection<NodeId> neighbours();

        /** The topology router's route from this node, asked on the protocol's thread. */
        CompletionStage<Optional<Route>> route(NodeId to, String channel);

        /** Whether the topology's router sees only part of the overlay (see {@code Router.partial()}). */
        boolean partialRouter();

        /** Hands a message that reached its destination to the receive handlers. */
        void deliver(NodeId origin, String channel, int codecId, byte[] payload);
    }

    private final NodeId self;
    private final int ttl;
    private final Host host;
    private final MetricRegistry metrics;
    private final RelayCodec codec = new RelayCodec();
    private final LearnedRoutes learned;
    private final RouteSearch search;
    private final Map<Long, List<CompletableFuture<List<NodeId>>>> waiting = new HashMap<>();
    private final Map<NodeId, Long> searching = new HashMap<>();
    private final ScheduledExecutorService thread;
    private final Counter originated;
    private final Counter forwarded;
    private final Counter delivered;
    private final Counter ttlExpired;
    private final Counter noRoute;
    private final Counter malformed;
    private final Counter searches;
    private final Counter probes;
    private final Counter searchesFailed;
    private final Counter routesLost;

    /**
     * @param self    this node
     * @param ttl     the most hops a relayed message or a route probe travels ({@code route-ttl})
     * @param host    the node's transport and protocol
     * @param metrics the node's registry
     */
    public Relay(NodeId self, int ttl, Host host, MetricRegistry metrics) {
        if (ttl < 1) {
            throw new IllegalArgumentException("route-ttl must be at least 1, was " + ttl);
        }
        this.self = self;
        this.ttl = ttl;
        this.host = host;
        this.metrics = metrics;
        this.learned = new LearnedRoutes(self, LEARNED_CAPACITY);
        this.search = new RouteSearch(self, ttl, LEARNED_CAPACITY);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "rhizome-relay-" + self.name());
            t.setDaemon(true);
            return t;
        });
        originated = metrics.counter("relay.originated");
        forwarded = metrics.counter("relay.forwarded");
        delivered = metrics.counter("relay.delivered");
        ttlExpired = metrics.counter("relay.ttl-expired");
        noRoute = metrics.counter("relay.no-route");
        malformed = metrics.counter("relay.malformed");
        searches = metrics.counter("relay.route-searches");
        probes = metrics.counter("relay.route-search-probes");
        searchesFailed = metrics.counter("relay.route-searches-failed");
        routesLost = metrics.counter("relay.routes-lost");
    }

    /** The paths learned from relayed messages and searches. */
    public LearnedRoutes learned() {
        return learned;
    }

    // ---- sending ---------------------------------------------------------------------------------

    /**
     * Sends to {@code to}, which is not connected on {@code channel}: along a learned path (the reverse
     * of a message {@code to} relayed here), else the topology's route, else (partial routers) a
     * searched one. Fails with {@link NoRouteException} when there is none.
     */
    public CompletionStage<Void> send(NodeId to, String channel, long partitionKey, int codecId, byte[] payload) {
        Optional<Route> known = learned.route(to, channel);
        if (known.isPresent() && host.connected(known.get().hops().get(0).to(), channel)) {
            return along(known.get(), partitionKey, codecId, payload);
        }
        return host.route(to, channel).thenCompose(found -> {
            if (found.isPresent() && found.get().length() > 1) {
                return along(found.get(), partitionKey, codecId, payload);
            }
            if (found.isPresent()) {
                // a neighbour (or this node): the direct send reports why it cannot be reached
                return host.transmit(to, channel, partitionKey, codecId, payload);
            }
            if (host.partialRouter()) {
                return search(to).thenCompose(path -> along(LearnedRoutes.toRoute(path, channel), partitionKey, codecId, payload));
            }
            return failNoRoute(to, "not reachable in this node's view of the overlay");
        });
    }

    private CompletionStage<Void> failNoRoute(NodeId to, String detail) {
        noRoute.inc();
        return CompletableFuture.failedFuture(new NoRouteException(to, detail));
    }

    private CompletionStage<Void> along(Route route, long partitionKey, int codecId, byte[] payload) {
        List<WireNode> path = new ArrayList<>(route.length() + 1);
        for (NodeId node : route.nodes()) {
            path.add(WireNode.of(node));
        }
        List<String> channels = new ArrayList<>(route.length());
        for (Hop hop : route.hops()) {
            channels.add(hop.channel());
        }
        Hop first = route.hops().get(0);
        originated.inc();
        return write(first.to(), first.channel(), new RelayEnvelope(path, channels, 1, ttl - 1, codecId, partitionKey, payload));
    }

    private CompletionStage<Void> write(NodeId next, String channel, RelayEnvelope envelope) {
        byte[] bytes;
        try {
            bytes = codec.encode(envelope);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new dev.rhizome.overlay.SendException(
                    dev.rhizome.overlay.SendException.Reason.ENCODING, e.getMessage(), e));
        }
        metrics.counter(MetricRegistry.name("channel", channel, "peer", next.name(), "relayed")).inc();
        return host.transmit(next, channel, envelope.partitionKey(), RelayCodec.ID, bytes);
    }

    // ---- receiving -------------------------------------------------------------------------------

    /** A frame with codec id {@link RelayCodec#ID} arrived from neighbour {@code from} on {@code channel}. */
    public void onFrame(NodeId from, String channel, byte[] bytes) {
        Object frame;
        try {
            frame = codec.decode(bytes);
        } catch (IllegalArgumentException e) {
            malformed(from, channel, e.getMessage());
            return;
        }
        try {
            switch (frame) {
                case RelayEnvelope envelope -> onEnvelope(from, channel, envelope);
                case RouteProbe probe -> onThread(() -> sendAll(search.onProbe(from, probe, host.neighbours()).sends()));
                case RouteFound found -> onThread(() -> onFound(from, found));
                case RouteLost lost -> onLost(from, lost);
                default -> malformed(from, channel, "unexpected " + frame.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            malformed(from, channel, e.toString());
        }
    }

    private void malformed(NodeId from, String channel, String reason) {
        malformed.inc();
        LOG.warn("{}: dropped a malformed relay frame from {} on {}: {}", self.name(), from.name(), channel, reason);
    }

    private void onEnvelope(NodeId from, String channel, RelayEnvelope envelope) {
        List<WireNode> path = envelope.path();
        int hop = envelope.hop();
        if (path.size() < 2 || envelope.channels().size() != path.size() - 1 || hop < 1 || hop >= path.size()
                || !path.get(hop).id().equals(self) || !path.get(hop - 1).id().equals(from)) {
            malformed(from, channel, "envelope path " + path + " at hop " + hop + " does not lead from " + from.name() + " to here");
            return;
        }
        NodeId origin = path.get(0).id();
        if (hop == path.size() - 1) {
            delivered.inc();
            learned.remember(reversed(path));
            host.deliver(origin, channel, envelope.codecId(), envelope.payload());
            return;
        }
        NodeId target = path.get(path.size() - 1).id();
        if (envelope.ttl() <= 0) {
            ttlExpired.inc();
            LOG.warn("{}: dropped a message from {} to {} on {}: its TTL ran out after {} hops", self.name(),
                    origin.name(), target.name(), channel, hop);
            return;
        }
        NodeId next = path.get(hop + 1).id();
        String nextChannel = envelope.channels().get(hop);
        RelayEnvelope onward = new RelayEnvelope(path, envelope.channels(), hop + 1, envelope.ttl() - 1,
                envelope.codecId(), envelope.partitionKey(), envelope.payload());
        if (host.connected(next, nextChannel)) {
            forward(next, nextChannel, onward, origin, target);
            return;
        }
        reroute(onward, origin, target, nextChannel);
    }

    /** The next hop is gone: continue along this node's own route to the target, if it has one. */
    private void reroute(RelayEnvelope onward, NodeId origin, NodeId target, String channel) {
        Optional<Route> known = learned.route(target, channel);
        CompletionStage<Optional<Route>> route = known.isPresent() && host.connected(known.get().hops().get(0).to(), channel)
                ? CompletableFuture.completedFuture(known) : host.route(target, channel);
        route.whenComplete((found, failure) -> {
            if (failure != null || found.isEmpty() || found.get().isIdentity()
                    || !host.connected(found.get().hops().get(0).to(), channel)) {
                noRoute.inc();
                LOG.warn("{}: dropped a message from {} to {}: its next hop is down and this node has no other route",
                        self.name(), origin.name(), target.name());
                tellOrigin(onward, target);
                return;
            }
            // the path so far up to (not including) this node, then this node's own route from here
            List<WireNode> path = new ArrayList<>(onward.path().subList(0, onward.hop() - 1));
            List<String> channels = new ArrayList<>(onward.channels().subList(0, onward.hop() - 1));
            for (NodeId node : found.get().nodes()) {
                path.add(WireNode.of(node));
            }
            for (Hop hop : found.get().hops()) {
                channels.add(hop.channel());
            }
            Hop first = found.get().hops().get(0);
            forward(first.to(), first.channel(), new RelayEnvelope(path, channels, onward.hop(), onward.ttl(),
                    onward.codecId(), onward.partitionKey(), onward.payload()), origin, target);
        });
    }

    /** Sends a {@link RouteLost} back along the path {@code onward} came, towards its origin. */
    private void tellOrigin(RelayEnvelope onward, NodeId target) {
        int here = onward.hop() - 1;
        List<WireNode> path = onward.path().subList(0, here + 1);
        control(path.get(here - 1).id(), new RouteLost(WireNode.of(target), List.copyOf(path), here - 1));
    }

    /** A relay lost a message of ours, or of a node before us on its path. */
    private void onLost(NodeId from, RouteLost lost) {
        List<WireNode> path = lost.path();
        int hop = lost.hop();
        if (hop < 0 || hop >= path.size() - 1 || !path.get(hop).id().equals(self) || !path.get(hop + 1).id().equals(from)) {
            malformed(from, dev.rhizome.overlay.ChannelSpec.CONTROL, "route-lost notice not addressed along its path");
            return;
        }
        if (hop > 0) {
            control(path.get(hop - 1).id(), new RouteLost(lost.target(), path, hop - 1));
            return;
        }
        routesLost.inc();
        NodeId target = lost.target().id();
        learned.forget(target);
        LOG.info("{}: {} lost a message to {}; forgot the path to it", self.name(), from.name(), target.name());
    }

    private void forward(NodeId next, String channel, RelayEnvelope envelope, NodeId origin, NodeId target) {
        forwarded.inc();
        write(next, channel, envelope).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("{}: could not relay a message from {} to {} via {}: {}", self.name(), origin.name(),
                        target.name(), next.name(), failure.toString());
            }
        });
    }

    private static List<NodeId> reversed(List<WireNode> path) {
        List<NodeId> back = new ArrayList<>(path.size());
        for (int i = path.size() - 1; i >= 0; i--) {
            back.add(path.get(i).id());
        }
        return back;
    }

    // ---- route search ------------------------------------------------------------------------------

    private CompletableFuture<List<NodeId>> search(NodeId target) {
        CompletableFuture<List<NodeId>> done = new CompletableFuture<>();
        onThread(() -> {
            Long running = searching.get(target);
            if (running != null) {
                waiting.get(running).add(done);
                return;
            }
            RouteSearch.Started started = search.start(target, host.neighbours());
            searches.inc();
            searching.put(target, started.id());
            List<CompletableFuture<List<NodeId>>> list = new ArrayList<>();
            list.add(done);
            waiting.put(started.id(), list);
            sendAll(started.sends());
            thread.schedule(() -> expire(started.id()), SEARCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        });
        return done;
    }

    private void expire(long id) {
        search.expire(id).ifPresent(target -> {
            searching.remove(target);
            searchesFailed.inc();
            noRoute.inc();
            NoRouteException failure = new NoRouteException(target, "a route search over " + ttl
                    + " hops found nothing within " + SEARCH_TIMEOUT_MS + " ms");
            for (CompletableFuture<List<NodeId>> future : waiting.remove(id)) {
                future.completeExceptionally(failure);
            }
        });
    }

    private void onFound(NodeId from, RouteFound frame) {
        RouteSearch.Step step = search.onFound(from, frame);
        sendAll(step.sends());
        step.found().ifPresent(found -> {
            searching.remove(found.target());
            learned.remember(found.path());
            List<CompletableFuture<List<NodeId>>> futures = waiting.remove(found.id());
            if (futures != null) {
                futures.forEach(future -> future.complete(found.path()));
            }
        });
    }

    private void sendAll(List<RouteSearch.Send> sends) {
        for (RouteSearch.Send send : sends) {
            if (send.frame() instanceof RouteProbe) {
                probes.inc();
            }
            control(send.to(), send.frame());
        }
    }

    /** Sends a route-search or route-lost frame to a neighbour on the control channel. */
    private void control(NodeId to, Object frame) {
        host.transmit(to, dev.rhizome.overlay.ChannelSpec.CONTROL, Long.MIN_VALUE, RelayCodec.ID, codec.encode(frame))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.debug("{}: relay control frame to {} not sent: {}", self.name(), to.name(), failure.toString());
                    }
                });
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    malformed.inc();
                    LOG.warn("{}: route search step failed", self.name(), e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("relay stopped; dropped a route search step");
        }
    }

    /** The control link to {@code peer} went down: drops learned paths through it. */
    public void linkDown(NodeId peer) {
        learned.linkDown(peer);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
