package dev.rhizome.hyparview.broadcast;

import dev.rhizome.overlay.NodeId;

/** Told of every broadcast this node delivers, once per message, its own included. */
@FunctionalInterface
public interface BroadcastListener {

    /**
     * @param id      the message id
     * @param payload the application's bytes (shared: do not modify)
     * @param hops    how many overlay hops the message travelled to get here; 0 at its origin
     */
    void delivered(long id, byte[] payload, int hops);

    /**
     * As {@link #delivered(long, byte[], int)}, with the node that started the broadcast; called by the
     * broadcasters in place of it. {@code origin} is null when unknown.
     */
    default void delivered(long id, NodeId origin, byte[] payload, int hops) {
        delivered(id, payload, hops);
    }
}
