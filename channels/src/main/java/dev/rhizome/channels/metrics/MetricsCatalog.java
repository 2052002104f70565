package dev.rhizome.channels.metrics;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Finds or creates the {@link ChannelMetrics} of a (channel, peer) pair, once per pair. */
public final class MetricsCatalog {

    private final MetricRegistry registry;
    private final ConcurrentMap<String, ChannelMetrics> byPrefix = new ConcurrentHashMap<>();

    public MetricsCatalog(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The registry the metrics live in. */
    public MetricRegistry registry() {
        return registry;
    }

    /** The metrics of {@code channel} towards the peer named {@code peer}. */
    public ChannelMetrics of(String channel, String peer) {
        return byPrefix.computeIfAbsent(ChannelMetrics.prefix(channel, peer),
                p -> new ChannelMetrics(registry, channel, peer));
    }

    /** The metrics of {@code channel} for connections not yet authenticated. */
    public ChannelMetrics unauthenticated(String channel) {
        return of(channel, ChannelMetrics.UNAUTHENTICATED);
    }
}
