package dev.rhizome.channels.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Finds or creates the {@link ChannelMetrics} of a (channel, peer) pair, once per pair, and forgets
 * the metrics of peers that have gone.
 *
 * <p>The catalog counts the established connections that use each pair's metrics
 * ({@link #attach}/{@link #detach}). A pair with no connection for longer than the retention is
 * removed by {@link #sweep}: its entry here and every metric under its name prefix in the registry
 * (so also what other modules count there, such as relayed frames), which unregisters the MBeans.
 * A node in a cluster with churn thus keeps metrics for the peers it talks to, not for every peer
 * it ever met. The metrics of unauthenticated connections are kept.
 */
public final class MetricsCatalog {

    private final MetricRegistry registry;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Tenancy> byPrefix = new ConcurrentHashMap<>();

    /** The metrics of one pair and who uses them; the counts are guarded by the catalog. */
    private static final class Tenancy {
        final ChannelMetrics metrics;
        int connections;
        long idleSinceNanos;

        Tenancy(ChannelMetrics metrics, long now) {
            this.metrics = metrics;
            this.idleSinceNanos = now;
        }
    }

    public MetricsCatalog(MetricRegistry registry) {
        this(registry, System::nanoTime);
    }

    /** A catalog reading time from {@code clock} (nanoseconds), for tests. */
    MetricsCatalog(MetricRegistry registry, LongSupplier clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The registry the metrics live in. */
    public MetricRegistry registry() {
        return registry;
    }

    /** The metrics of {@code channel} towards the peer named {@code peer}. */
    public ChannelMetrics of(String channel, String peer) {
        return tenancy(channel, peer).metrics;
    }

    /** The metrics of {@code channel} for connections not yet authenticated. */
    public ChannelMetrics unauthenticated(String channel) {
        return of(channel, ChannelMetrics.UNAUTHENTICATED);
    }

    /** The metrics for a connection of {@code channel} to {@code peer} that has just been established. */
    public synchronized ChannelMetrics attach(String channel, String peer) {
        Tenancy tenancy = tenancy(channel, peer);
        tenancy.connections++;
        return tenancy.metrics;
    }

    /** Notes that an established connection of {@code channel} to {@code peer} has closed. */
    public synchronized void detach(String channel, String peer) {
        Tenancy tenancy = byPrefix.get(ChannelMetrics.prefix(channel, peer));
        if (tenancy != null && tenancy.connections > 0 && --tenancy.connections == 0) {
            tenancy.idleSinceNanos = clock.getAsLong();
        }
    }

    /**
     * Removes every pair that has had no established connection for at least {@code retention},
     * unless its peer is named in {@code keep} (a peer still being reconnected to, say).
     *
     * @return the number of pairs removed
     */
    public synchronized int sweep(Duration retention, java.util.Set<String> keep) {
        long now = clock.getAsLong();
        int removed = 0;
        for (Iterator<Map.Entry<String, Tenancy>> it = byPrefix.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tenancy> entry = it.next();
            Tenancy tenancy = entry.getValue();
            if (tenancy.connections == 0 && now - tenancy.idleSinceNanos >= retention.toNanos()
                    && !tenancy.metrics.peer().equals(ChannelMetrics.UNAUTHENTICATED)
                    && !keep.contains(tenancy.metrics.peer())) {
                it.remove();
                registry.removeMatching(MetricFilter.startsWith(entry.getKey()));
                removed++;
            }
        }
        return removed;
    }

    private Tenancy tenancy(String channel, String peer) {
        return byPrefix.computeIfAbsent(ChannelMetrics.prefix(channel, peer),
                p -> new Tenancy(new ChannelMetrics(registry, channel, peer), clock.getAsLong()));
    }
}
