package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeId;

/** A change in this node's view of the overlay. */
public sealed interface MembershipEvent {

    /** The node concerned. */
    NodeId node();

    /** {@code node} is now a member this node can reach. */
    record NodeUp(NodeId node) implements MembershipEvent {}

    /**
     * {@code node} is no longer a member: it left, failed, or was replaced by a newer incarnation.
     *
     * @param reason {@code "left"}, {@code "failed"}, {@code "noconnection"} or {@code "replaced"}
     */
    record NodeDown(NodeId node, String reason) implements MembershipEvent {}
}
