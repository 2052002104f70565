package dev.rhizome.channels.reliable;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery guarantees of one transport: a {@link ReliableSender} per (peer, channel) it sends to
 * on a reliable channel, a {@link Receiver} per (sender incarnation, channel) it receives from, and
 * one retransmission timer.
 *
 * <pre>
 *  send ─► ReliableSender: seq, keep until ACK ─► Transmitter (faults, lane, socket) ─► peer
 *  peer: DataHandler ─► Receiver.accept(seq): deliver unless a duplicate (effectively-once) ─► ACK(seq…)
 *  ACK ─► DataHandler ─► acked(peer, channel, seq): future completes
 *  timer (every TICK): overdue ─► retransmit, RTO doubling from RTO_MIN to RTO_MAX
 * </pre>
 */
public final class Reliability {

    private static final Logger LOG = LoggerFactory.getLogger(Reliability.class);
    /** The first retransmission timeout. */
    public static final Duration RTO_MIN = Duration.ofMillis(200);
    /** The largest retransmission timeout. */
    public static final Duration RTO_MAX = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 20;

    /**
     * The receiving half of one reliable (sender incarnation, channel). Every sequenced message is
     * recorded in a {@link DedupWindow} (at-least-once and effectively-once sends share one sequence);
     * a message flagged for de-duplication is delivered only the first time. Thread-safe.
     */
    public static final class Receiver {
        private final DedupWindow window;
        private final Counter duplicates;

        Receiver(ChannelOptions options, Counter duplicates) {
            this.window = new DedupWindow(2 * options.window() + 1);
            this.duplicates = duplicates;
        }

        /** Whether the message numbered {@code seq} is to be delivered (always, unless {@code dedup} and seen). */
        public boolean accept(long seq, boolean dedup) {
            boolean first;
            synchronized (window) {
                first = window.firstTime(seq);
            }
            if (!first && dedup) {
                duplicates.inc();
                return false;
            }
            return true;
        }
    }

    private record Key(NodeId peer, String channel) {
    }

    private final Function<String, ChannelOptions> options;
    private final Transmitter transmitter;
    private final MetricRegistry registry;
    private final Map<Key, ReliableSender> senders = new ConcurrentHashMap<>();
    private final Map<Key, Receiver> receivers = new ConcurrentHashMap<>();
    private final Counter retransmits;
    private final ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> timer;
    private volatile boolean stopped;

    /** @param scheduler runs the retransmission timer, started by the first reliable send */
    public Reliability(Function<String, ChannelOptions> options, Transmitter transmitter, MetricRegistry registry,
            ScheduledExecutorService scheduler) {
        this.options = options;
        this.transmitter = transmitter;
        this.registry = registry;
        this.retransmits = registry.counter("node.reliable.retransmits");
        this.scheduler = scheduler;
    }

    /**
     * Sends reliably; the future completes when the peer acknowledged the message.
     *
     * @param dedup whether the receiver de-duplicates it (effectively-once) or may deliver it again (at-least-once)
     */
    public CompletableFuture<Void> send(NodeId peer, String channel, long key, int codecId, byte[] payload, boolean dedup) {
        return sender(peer, channel).send(key, codecId, payload, dedup, System.nanoTime());
    }

    /**
     * A connection to {@code peer} on {@code channel} closed: what was in flight on it is retransmitted
     * as soon as a lane is up, with its backoff reset.
     */
    public void connectionLost(NodeId peer, String channel) {
        ReliableSender s = senders.get(new Key(peer, channel));
        if (s != null) {
            s.connectionLost(System.nanoTime());
        }
    }

    /** Whether a send to (peer, channel) would fit in the window now. */
    public boolean hasRoom(NodeId peer, String channel) {
        return sender(peer, channel).hasRoom();
    }

    /** The peer acknowledged {@code seq} on {@code channel}. */
    public void acked(NodeId peer, String channel, long seq) {
        ReliableSender s = senders.get(new Key(peer, channel));
        if (s != null) {
            s.acked(seq);
        }
    }

    /** The receiving state for messages from {@code peer} (this incarnation) on {@code channel}. */
    public Receiver receiver(NodeId peer, String channel) {
        return receivers.computeIfAbsent(new Key(peer, channel), k -> new Receiver(options.apply(channel),
                registry.counter("channel." + channel + ".peer." + peer.name() + ".duplicates-dropped")));
    }

    /** Stops the timer and fails every unacknowledged message with {@code SHUTDOWN}. */
    public void stop() {
        ScheduledFuture<?> t;
        synchronized (this) {
            stopped = true;
            t = timer;
        }
        if (t != null) {
            t.cancel(false);
        }
        SendException e = new SendException(SendException.Reason.SHUTDOWN, "the transport stopped");
        senders.values().forEach(s -> s.failAll(e));
    }

    private ReliableSender sender(NodeId peer, String channel) {
        ReliableSender s = senders.get(new Key(peer, channel));
        if (s != null) {
            return s;
        }
        startTimer();
        return senders.computeIfAbsent(new Key(peer, channel), k -> new ReliableSender(peer, channel,
                options.apply(channel).window(), transmitter, RTO_MIN.toNanos(), RTO_MAX.toNanos()));
    }

    private synchronized void startTimer() {
        if (timer == null && !stopped) {
            timer = scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (ReliableSender s : senders.values()) {
            try {
                int n = s.retransmitDue(now);
                if (n > 0) {
                    retransmits.inc(n);
                }
            } catch (RuntimeException e) {
                // an exception would cancel the fixed-delay timer, and with it every later retransmission
                LOG.error("retransmission to {} failed", s, e);
            }
        }
    }
}
