package dev.rhizome.channels.faults;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.NodeId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The fault injector of one transport ({@code Transport.faults()}). Egress faults act on
 * {@code send}/{@code trySend}/{@code sendBlocking} before a message reaches its connection; ingress
 * faults act on received messages before the listener sees them.
 *
 * <pre>
 *  send ─► partition? ─► rules in order: DROP | DELAY | DUPLICATE | REORDER ─► egress delay ─► lane
 *  lane ─► (bandwidth cap: Netty ChannelTrafficShapingHandler per connection) ─► socket
 *  socket ─► DataHandler ─► partition? ─► ingress delay ─► listener
 * </pre>
 *
 * <p>A dropped message is "lost in the network": its send future completes normally and it is counted
 * in {@code node.faults.dropped}. A delayed message's future completes when it is finally written.
 * With no fault installed the send path reads one volatile field. Thread-safe.
 */
public final class FaultInjector {

    /** Sends a message for real, without faults (the transport's own send). */
    @FunctionalInterface
    public interface Sender {
        CompletionStage<Void> send(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload);
    }

    /** Delivers a received message to the listener. */
    @FunctionalInterface
    public interface Delivery {
        void deliver();
    }

    /** How long a reordered message waits for a successor before it is sent anyway. */
    public static final Duration REORDER_HOLD = Duration.ofMillis(50);

    private final ScheduledExecutorService scheduler;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<List<NodeId>> isolations = new CopyOnWriteArrayList<>();
    private volatile Set<NodeId> isolated = Set.of();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> delayedBytes = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter delayed;
    private final Counter duplicated;
    private final Counter reordered;
    private final LongConsumer capApplier;
    private final Consumer<NodeId> resetter;
    private volatile Duration egressDelay = Duration.ZERO;
    private volatile Duration ingressDelay = Duration.ZERO;
    private volatile long bandwidthCap;
    private volatile boolean egressActive;
    private volatile boolean ingressActive;

    /**
     * @param scheduler  runs delayed and held messages (the transport's event loops)
     * @param registry   where the {@code node.faults.*} counters live
     * @param capApplier applies a per-connection bandwidth cap (bytes/s, 0 = none) to every connection
     * @param resetter   resets every connection to a peer
     */
    public FaultInjector(ScheduledExecutorService scheduler, MetricRegistry registry, LongConsumer capApplier,
            Consumer<NodeId> resetter) {
        this.resetter = resetter;
        this.scheduler = scheduler;
        this.capApplier = capApplier;
        this.dropped = registry.counter("node.faults.dropped");
        this.delayed = registry.counter("node.faults.delayed");
        this.duplicated = registry.counter("node.faults.duplicated");
        this.reordered = registry.counter("node.faults.reordered");
    }

    // ---- installing faults ----

    /** Drops egress messages matching {@code p}. */
    public Fault drop(Predicate<Message> p) {
        return add(new Rule(Rule.Action.DROP, p, Duration.ZERO));
    }

    /** Holds egress messages matching {@code p} for {@code delay} before sending them. */
    public Fault delay(Predicate<Message> p, Duration delay) {
        requireNonNegative(delay);
        return add(new Rule(Rule.Action.DELAY, p, delay));
    }

    /** Sends egress messages matching {@code p} twice. */
    public Fault duplicate(Predicate<Message> p) {
        return add(new Rule(Rule.Action.DUPLICATE, p, Duration.ZERO));
    }

    /**
     * Sends each egress message matching {@code p} after the next message to the same peer and channel
     * (or after {@link #REORDER_HOLD} if none follows): adjacent messages swap places.
     */
    public Fault reorder(Predicate<Message> p) {
        return add(new Rule(Rule.Action.REORDER, p, Duration.ZERO));
    }

    /** Drops all traffic to and from {@code peers} (both directions, every channel) until healed. */
    public Fault isolate(Collection<NodeId> peers) {
        List<NodeId> copy = List.copyOf(peers);
        isolations.add(copy);
        refresh();
        return () -> {
            isolations.remove(copy);
            refresh();
        };
    }

    /**
     * Resets every connection to {@code peer} now, as a crashed middlebox would: no graceful close, the
     * unsent bytes in the socket are discarded (SO_LINGER 0, so the peer sees RST). Queued messages fail
     * with {@code CLOSED}; written but undelivered ones are lost (at-most-once) or retransmitted
     * (reliable channels). The transport reconnects as usual.
     */
    public void resetConnections(NodeId peer) {
        resetter.accept(peer);
    }

    /** Delays every message this node sends by {@code delay} (0 removes it). */
    public void egressDelay(Duration delay) {
        requireNonNegative(delay);
        egressDelay = delay;
        refresh();
    }

    /** Delays every message this node receives by {@code delay} before the listener sees it (0 removes it). */
    public void ingressDelay(Duration delay) {
        requireNonNegative(delay);
        ingressDelay = delay;
        refresh();
    }

    /** Caps every connection's outgoing bandwidth at {@code bytesPerSecond} (0 removes the cap). */
    public void bandwidthCap(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth cap " + bytesPerSecond + " is negative");
        }
        bandwidthCap = bytesPerSecond;
        capApplier.accept(bytesPerSecond);
    }

    /**
     * WAN emulation: a one-way egress delay plus a per-connection cap of {@code windowBytes / rtt},
     * the throughput TCP reaches over that RTT with that window (see docs/fault-injection.md).
     */
    public void wan(Duration oneWayDelay, long windowBytes) {
        egressDelay(oneWayDelay);
        long rttNanos = Math.max(1, oneWayDelay.multipliedBy(2).toNanos());
        bandwidthCap(Math.max(1, (long) (windowBytes * 1e9 / rttNanos)));
    }

    /** Removes every fault: rules, isolation, delays and the bandwidth cap. Held messages are released. */
    public void clear() {
        rules.clear();
        isolations.clear();
        egressDelay = Duration.ZERO;
        ingressDelay = Duration.ZERO;
        refresh();
        if (bandwidthCap != 0) {
            bandwidthCap(0);
        }
        held.keySet().forEach(this::release);
    }

    /** The per-connection cap in bytes/s, 0 if none. */
    public long bandwidthCap() {
        return bandwidthCap;
    }

    private Fault add(Rule rule) {
        Objects.requireNonNull(rule.matches(), "predicate");
        rules.add(rule);
        refresh();
        return () -> {
            rules.remove(rule);
            refresh();
        };
    }

    private synchronized void refresh() {
        Set<NodeId> all = new java.util.HashSet<>();
        isolations.forEach(all::addAll);
        isolated = Set.copyOf(all);
        egressActive = !rules.isEmpty() || !isolated.isEmpty() || !egressDelay.isZero();
        ingressActive = !isolated.isEmpty() || !ingressDelay.isZero();
    }

    private static void requireNonNegative(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive: " + d);
        }
    }

    // ---- applying them ----

    /** Whether any egress fault is installed (the send path's one check). */
    public boolean egressActive() {
        return egressActive;
    }

    /** Whether any ingress fault is installed. */
    public boolean ingressActive() {
        return ingressActive;
    }

    /** Sends one message through the egress faults. */
    public CompletionStage<Void> egress(NodeId peer, String channel, long key, int codecId, byte[] payload,
            Sender real) {
        if (isolated.contains(peer)) {
            dropped.inc();
            return CompletableFuture.completedFuture(null);
        }
        Message m = new Message(Message.Direction.EGRESS, peer, channel, key, codecId, payload);
        Duration delay = egressDelay;
        boolean duplicate = false;
        boolean reorder = false;
        for (Rule rule : rules) {
            if (!rule.matches().test(m)) {
                continue;
            }
            switch (rule.action()) {
                case DROP -> {
                    dropped.inc();
                    return CompletableFuture.completedFuture(null);
                }
                case DELAY -> delay = delay.plus(rule.delay());
                case DUPLICATE -> duplicate = true;
                case REORDER -> reorder = true;
            }
        }
        boolean twice = duplicate;
        String slot = peer + "/" + channel;
        CompletableFuture<Void> result = new CompletableFuture<>();
        Runnable send = () -> {
            pipe(real.send(peer, channel, key, codecId, payload), result);
            if (twice) {
                duplicated.inc();
                real.send(peer, channel, key, codecId, payload.clone());
            }
        };
        Runnable afterDelay = reorder ? () -> hold(slot, send) : () -> {
            send.run();
            release(slot);
        };
        if (delay.isZero()) {
            afterDelay.run();
        } else {
            delayed.inc();
            java.util.concurrent.atomic.AtomicLong bytes = delayedBytes.computeIfAbsent(slot,
                    k -> new java.util.concurrent.atomic.AtomicLong());
            bytes.addAndGet(payload.length);
            scheduler.schedule(() -> {
                bytes.addAndGet(-payload.length);
                afterDelay.run();
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        return result;
    }

    /**
     * Payload bytes to ({@code peer}, {@code channel}) held by a delay right now: not yet on a lane, so
     * the lane's backlog does not show them ({@code sendBlocking} waits on both).
     */
    public long delayedBytes(NodeId peer, String channel) {
        java.util.concurrent.atomic.AtomicLong bytes = delayedBytes.get(peer + "/" + channel);
        return bytes == null ? 0 : bytes.get();
    }

    /** Delivers one received message through the ingress faults. */
    public void ingress(NodeId peer, ScheduledExecutorService loop, Delivery delivery) {
        if (isolated.contains(peer)) {
            dropped.inc();
            return;
        }
        Duration delay = ingressDelay;
        if (delay.isZero()) {
            delivery.deliver();
        } else {
            delayed.inc();
            loop.schedule(delivery::deliver, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void hold(String slot, Runnable send) {
        reordered.inc();
        Held h = new Held(send);
        Held previous = held.put(slot, h);
        if (previous != null) {
            previous.run();
        }
        scheduler.schedule(() -> {
            if (held.remove(slot, h)) {
                h.run();
            }
        }, REORDER_HOLD.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void release(String slot) {
        Held h = held.remove(slot);
        if (h != null) {
            h.run();
        }
    }

    private static void pipe(CompletionStage<Void> from, CompletableFuture<Void> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(null);
            }
        });
    }

    /** A message held back by REORDER; runs at most once. */
    private static final class Held {
        private final Runnable send;
        private boolean done;

        Held(Runnable send) {
            this.send = send;
        }

        void run() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            send.run();
        }
    }
}
