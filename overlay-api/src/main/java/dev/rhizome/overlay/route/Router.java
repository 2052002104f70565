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

    /**
     * Whether this router sees only part of the overlay (HyParView's active view), so that an empty
     * {@link #route} means "not known here" rather than "unreachable". The runtime then searches the
     * overlay for a route before it gives up (see {@code docs/routing.md}). {@code false} by default:
     * the router knows the whole current view and an empty answer is final.
     */
    default boolean partial() {
        return false;
    }
}
