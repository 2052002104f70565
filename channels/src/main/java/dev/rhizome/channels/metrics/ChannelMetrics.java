package dev.rhizome.channels.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongSupplier;

/**
 * The metrics of one channel towards one peer, looked up once and then shared by all of that
 * peer's lanes on the channel. Counters and meters are {@code LongAdder}-based, so the hot path
 * only increments.
 */
public final class ChannelMetrics {

    /** The peer name used before a connection is authenticated. */
    public static final String UNAUTHENTICATED = "unauthenticated";

    /** Metric names (the last part of the full name). */
    public static final String MESSAGES_IN = "messages-in";
    public static final String MESSAGES_OUT = "messages-out";
    public static final String BYTES_IN = "bytes-in";
    public static final String BYTES_OUT = "bytes-out";
    public static final String FLUSHES = "flushes";
    public static final String QUEUE_DEPTH = "queue-depth";
    public static final String RECONNECTS = "reconnects";
    public static final String HANDSHAKE_FAILURES = "handshake-failures";
    public static final String PROTOCOL_ERRORS = "protocol-errors";
    public static final String HANDLER_ERRORS = "handler-errors";
    public static final String BLOCKED_SENDS = "blocked-sends";
    public static final String FAILED_SENDS = "failed-sends";
    /** Messages of a monotonic channel replaced by a newer one while their lane was backlogged. */
    public static final String COALESCED = "coalesced";

    public final Meter messagesIn;
    public final Meter messagesOut;
    public final Counter bytesIn;
    public final Counter bytesOut;
    public final Counter flushes;
    public final Counter reconnects;
    public final Counter handshakeFailures;
    public final Counter protocolErrors;
    public final Counter handlerErrors;
    public final Counter blockedSends;
    public final Counter failedSends;
    public final Counter coalesced;
    private final Set<LongSupplier> pendingSources = new CopyOnWriteArraySet<>();
    private final String peer;

    ChannelMetrics(MetricRegistry registry, String channel, String peer) {
        this.peer = peer;
        String prefix = prefix(channel, peer);
        messagesIn = registry.meter(prefix + MESSAGES_IN);
        messagesOut = registry.meter(prefix + MESSAGES_OUT);
        bytesIn = registry.counter(prefix + BYTES_IN);
        bytesOut = registry.counter(prefix + BYTES_OUT);
        flushes = registry.counter(prefix + FLUSHES);
        reconnects = registry.counter(prefix + RECONNECTS);
        handshakeFailures = registry.counter(prefix + HANDSHAKE_FAILURES);
        protocolErrors = registry.counter(prefix + PROTOCOL_ERRORS);
        handlerErrors = registry.counter(prefix + HANDLER_ERRORS);
        blockedSends = registry.counter(prefix + BLOCKED_SENDS);
        failedSends = registry.counter(prefix + FAILED_SENDS);
        coalesced = registry.counter(prefix + COALESCED);
        registry.gauge(prefix + QUEUE_DEPTH, () -> (Gauge<Long>) this::pendingBytes);
    }

    /** The name of the peer these metrics are about. */
    public String peer() {
        return peer;
    }

    /** {@code channel.<channel>.peer.<peer>.} */
    public static String prefix(String channel, String peer) {
        return "channel." + channel + ".peer." + peer + ".";
    }

    /** The full name of {@code metric} for a channel and peer. */
    public static String name(String channel, String peer, String metric) {
        return prefix(channel, peer) + metric;
    }

    /** Adds a lane's pending-bytes source to the queue-depth gauge. */
    public void addPendingSource(LongSupplier source) {
        pendingSources.add(source);
    }

    /** Removes a lane's pending-bytes source. */
    public void removePendingSource(LongSupplier source) {
        pendingSources.remove(source);
    }

    /** Bytes queued or buffered for writing on all of this peer's lanes of the channel. */
    public long pendingBytes() {
        long sum = 0;
        for (LongSupplier source : pendingSources) {
            sum += source.getAsLong();
        }
        return sum;
    }
}
