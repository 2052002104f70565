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

    /** The first retransmission timeout. */
    public static final Duration RTO_MIN = Duration.ofMillis(200);
    /** The largest retransmission timeout. */
    public static final Duration RTO_MAX = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 20;

    /** The receiving half of one reliable (sender incarnation, channel). Thread-safe. */
    public static final class Receiver {
        private final DedupWindow window;
        private final Counter duplicates;

        Receiver(ChannelOptions options, Counter duplicates) {
            this.window = options.delivery() == ChannelOptions.Delivery.EFFECTIVELY_ONCE
                    ? new DedupWindow(2 * options.window() + 1) : null;
            this.duplicates = duplicates;
        }

        /** Whether the message numbered {@code seq} is to be delivered (always, unless de-duplicating). */
        public boolean accept(long seq) {
            if (window == null) {
                return true;
            }
            boolean first;
            synchronized (window) {
                first = window.firstTime(seq);
            }
            if (!first) {
                duplicates.inc();
            }
            return first;
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
    private final ScheduledFuture<?> timer;

    /** @param scheduler runs the retransmission timer; {@code null} if no channel is reliable (no timer) */
    public Reliability(Function<String, ChannelOptions> options, Transmitter transmitter, MetricRegistry registry,
            ScheduledExecutorService scheduler) {
        this.options = options;
        this.transmitter = transmitter;
        this.registry = registry;
        this.retransmits = registry.counter("node.reliable.retransmits");
        this.timer = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Sends on a reliable channel; the future completes when the peer acknowledged the message. */
    public CompletableFuture<Void> send(NodeId peer, String channel, long key, int codecId, byte[] payload) {
        return sender(peer, channel).send(key, codecId, payload, System.nanoTime());
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
        if (timer != null) {
            timer.cancel(false);
        }
        SendException e = new SendException(SendException.Reason.SHUTDOWN, "the transport stopped");
        senders.values().forEach(s -> s.failAll(e));
    }

    private ReliableSender sender(NodeId peer, String channel) {
        return senders.computeIfAbsent(new Key(peer, channel), k -> new ReliableSender(peer, channel,
                options.apply(channel).window(), transmitter, RTO_MIN.toNanos(), RTO_MAX.toNanos()));
    }

    private void tick() {
        long now = System.nanoTime();
        for (ReliableSender s : senders.values()) {
            int n = s.retransmitDue(now);
            if (n > 0) {
                retransmits.inc(n);
            }
        }
    }
}
