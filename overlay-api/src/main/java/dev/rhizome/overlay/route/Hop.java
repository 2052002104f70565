package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.Objects;

/**
 * One edge of the overlay graph: a message goes from {@code from} to {@code to} on {@code channel}.
 * A generating morphism of the path category.
 */
public record Hop(NodeId from, NodeId to, String channel) {
    public Hop {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(channel, "channel");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a hop joins two different nodes, not " + from + " to itself");
        }
    }

    /** The same edge travelled the other way. */
    public Hop reverse() {
        return new Hop(to, from, channel);
    }
}
