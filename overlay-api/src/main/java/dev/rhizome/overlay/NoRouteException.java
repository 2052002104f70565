package dev.rhizome.overlay;

import java.util.Objects;

/**
 * A send to a node that is not a neighbour failed because the topology found no route to it: the
 * destination is unknown to the overlay, unreachable in the current view, or a route search found
 * nothing in time. Its {@link #reason()} is {@link SendException.Reason#NO_ROUTE}.
 */
public final class NoRouteException extends SendException {

    private final NodeId destination;

    /**
     * @param destination the node the send was for
     * @param detail      why no route was found, appended to the message
     */
    public NoRouteException(NodeId destination, String detail) {
        super(Reason.NO_ROUTE, "no route to " + Objects.requireNonNull(destination, "destination") + ": " + detail);
        this.destination = destination;
    }

    /** The node the send was for. */
    public NodeId destination() {
        return destination;
    }
}
