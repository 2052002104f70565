package dev.rhizome.channels.reliable;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending half of one reliable (peer, channel): numbers messages, keeps each until it is
 * acknowledged, retransmits the overdue ones with exponential backoff, and refuses new messages while
 * the oldest unacknowledged one is {@code window} numbers behind. A message's future completes when it
 * is acknowledged.
 */
final class ReliableSender {

    /** One unacknowledged message. */
    private static final class Pending {
        final long seq;
        final long key;
        final int codecId;
        final byte[] payload;
        final boolean dedup;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int attempts;
        long dueNanos;

        Pending(long seq, long key, int codecId, byte[] payload, boolean dedup) {
            this.seq = seq;
            this.dedup = dedup;
            this.key = key;
            this.codecId = codecId;
            this.payload = payload;
        }
    }

    private final NodeId peer;
    private final String channel;
    private final int window;
    private final Transmitter transmitter;
    private final long rtoMinNanos;
    private final long rtoMaxNanos;
    private final AtomicLong nextSeq = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Pending> unacked = new ConcurrentSkipListMap<>();

    ReliableSender(NodeId peer, String channel, int window, Transmitter transmitter, long rtoMinNanos, long rtoMaxNanos) {
        this.peer = peer;
        this.channel = channel;
        this.window = window;
        this.transmitter = transmitter;
        this.rtoMinNanos = rtoMinNanos;
        this.rtoMaxNanos = rtoMaxNanos;
    }

    /** Numbers and transmits a message; fails with {@code BACKPRESSURE} while the window is full. */
    CompletableFuture<Void> send(long key, int codecId, byte[] payload, boolean dedup, long nowNanos) {
        if (!hasRoom()) {
            throw new SendException(SendException.Reason.BACKPRESSURE, "messages to " + peer + " on "
                    + channel + " are in flight: the oldest unacknowledged one is the channel's window behind");
        }
        Pending p = new Pending(nextSeq.incrementAndGet(), key, codecId, payload, dedup);
        p.dueNanos = nowNanos + rtoMinNanos;
        unacked.put(p.seq, p);
        transmitter.transmit(peer, channel, p.key, p.codecId, p.payload, p.seq, p.dedup);
        return p.future;
    }

    /**
     * Whether another message fits in the window: the span from the oldest unacknowledged message to
     * the next sequence number stays within {@code window}. Bounding the span, not the count, is what
     * keeps every number the receiver can see within its de-duplication window.
     */
    boolean hasRoom() {
        // firstEntry, not isEmpty() then firstKey(): an ACK on the event loop may empty the map in between
        java.util.Map.Entry<Long, Pending> oldest = unacked.firstEntry();
        long next = nextSeq.get() + 1;
        return oldest == null || next - oldest.getKey() < window;
    }

    /**
     * A connection of this (peer, channel) closed: whatever was written on it, and every ACK the peer
     * had not yet sent back on it, is gone. Makes every unacknowledged message due now, with its backoff
     * reset, so it is retransmitted as soon as a lane is up instead of after a timeout that earlier
     * resets may have doubled up to the maximum.
     */
    void connectionLost(long nowNanos) {
        for (Pending p : unacked.values()) {
            p.attempts = 0;
            p.dueNanos = nowNanos;
        }
    }

    void acked(long seq) {
        Pending p = unacked.remove(seq);
        if (p != null) {
            p.future.complete(null);
        }
    }

    /** Retransmits every overdue message (at most one window); returns how many. */
    int retransmitDue(long nowNanos) {
        int count = 0;
        for (Pending p : unacked.values()) {
            if (p.dueNanos - nowNanos > 0) {
                continue;
            }
            if (transmitter.transmit(peer, channel, p.key, p.codecId, p.payload, p.seq, p.dedup)) {
                p.attempts++;
                p.dueNanos = nowNanos + Math.min(rtoMaxNanos, rtoMinNanos << Math.min(p.attempts, 20));
                count++;
            } else {
                // no lane (reconnecting): try again soon, without backing off
                p.dueNanos = nowNanos + rtoMinNanos / 4;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return channel + " to " + peer;
    }

    /** Fails everything unacknowledged (the transport stops). */
    void failAll(SendException e) {
        unacked.values().forEach(p -> p.future.completeExceptionally(e));
        unacked.clear();
    }
}
