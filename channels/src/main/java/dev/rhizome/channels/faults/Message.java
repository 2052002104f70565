package dev.rhizome.channels.faults;

import dev.rhizome.overlay.NodeId;

/**
 * A message as fault predicates see it.
 *
 * @param direction    egress (this node sends it) or ingress (this node received it)
 * @param peer         the node it goes to (egress) or came from (ingress)
 * @param channel      its channel
 * @param partitionKey its partition key ({@code Transport.NO_KEY} if none; always NO_KEY on ingress)
 * @param codecId      its codec id
 * @param payload      its payload; predicates must not modify it
 */
public record Message(Direction direction, NodeId peer, String channel, long partitionKey, int codecId, byte[] payload) {

    /** Which way a message travels, seen from the node whose injector looks at it. */
    public enum Direction { EGRESS, INGRESS }
}
