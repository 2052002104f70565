package dev.rhizome.simulator;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.MembershipEvent;

/** Watches a simulation from outside, for metrics and assertions. Every method defaults to nothing. */
public interface SimObserver {

    /** {@code node} emitted a membership event. */
    default void emitted(long now, NodeId node, MembershipEvent event) {}

    /** {@code from} put {@code message} on an open connection to {@code to} (before any loss). */
    default void sent(long now, NodeId from, NodeId to, Object message) {}
}
