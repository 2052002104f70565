package dev.rhizome.hyparview.broadcast;

/** Told of every broadcast this node delivers, once per message, its own included. */
@FunctionalInterface
public interface BroadcastListener {

    /**
     * @param id      the message id
     * @param payload the application's bytes (shared: do not modify)
     * @param hops    how many overlay hops the message travelled to get here; 0 at its origin
     */
    void delivered(long id, byte[] payload, int hops);
}
