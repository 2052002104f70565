package dev.rhizome.membership.conformance;

import dev.rhizome.overlay.config.OverlayConfigBuilder;

/** Adds a topology's settings (seeds, role, peers, timers) to the configuration of one node of a plan. */
@FunctionalInterface
public interface NodeConfigurer {

    /** Configures node {@code index} of {@code plan}; the builder already has name, host, port, cookie and channels. */
    void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan);
}
