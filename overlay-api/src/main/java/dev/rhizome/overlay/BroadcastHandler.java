package dev.rhizome.overlay;

/**
 * Called for every broadcast this node delivers (see {@link Overlay#broadcast}).
 *
 * <p>Delivery is at-most-once per node: duplicates are suppressed by the topology, and a broadcast
 * started here is delivered here too, once. Handlers run on the node's event thread, one broadcast at a
 * time and in order with membership listeners: keep them short and never block. An exception thrown
 * here is logged; it never stops the node.
 */
@FunctionalInterface
public interface BroadcastHandler {
    /**
     * @param origin  the node that started the broadcast
     * @param payload the broadcast bytes (shared: do not modify)
     */
    void onBroadcast(NodeId origin, byte[] payload) throws Exception;
}
