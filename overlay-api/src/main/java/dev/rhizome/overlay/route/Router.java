package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.Optional;

/** Picks the route a message takes over the current overlay graph. */
@FunctionalInterface
public interface Router {

    /**
     * The route from {@code from} to {@code to} on {@code channel}, or empty when {@code to} cannot be
     * reached in the current view. A route to oneself is the identity.
     */
    Optional<Route> route(NodeId from, NodeId to, String channel);
}
