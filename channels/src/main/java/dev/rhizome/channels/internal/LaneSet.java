package dev.rhizome.channels.internal;

import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.overlay.ChannelSpec;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The lanes of one channel to one peer: which connection is up on each lane, which dial is in
 * progress, and each lane's reconnect state. Reads of {@link #up} are lock-free (the send path);
 * everything else is guarded by the owning {@link PeerLinks}. A peer's lane sets live as long as the
 * transport, so a sender may cache one ({@code Transport}'s route cache does).
 */
public final class LaneSet {

    final ChannelSpec spec;
    /** The channel's transport options. */
    public final ChannelOptions options;
    final AtomicReferenceArray<Connection> up;
    final Connection[] dialing;
    final int[] attempts;
    final ScheduledFuture<?>[] timers;
    private final AtomicInteger roundRobin = new AtomicInteger();
    volatile int upCount;

    LaneSet(ChannelSpec spec, ChannelOptions options) {
        this.spec = spec;
        this.options = options;
        int n = spec.parallelism();
        this.up = new AtomicReferenceArray<>(n);
        this.dialing = new Connection[n];
        this.attempts = new int[n];
        this.timers = new ScheduledFuture<?>[n];
    }

    /**
     * The connection for a send: lane {@code floorMod(key, N)} with a key (or {@code null} if that
     * lane is down, to keep per-key order), else the next usable lane in turn.
     */
    public Connection pick(long key, boolean keyed) {
        int n = spec.parallelism();
        if (keyed) {
            Connection c = up.get(spec.laneFor(key));
            return c != null && c.isUsable() ? c : null;
        }
        int start = n == 1 ? 0 : Math.floorMod(roundRobin.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Connection c = up.get((start + i) % n);
            if (c != null && c.isUsable()) {
                return c;
            }
        }
        return null;
    }
}
