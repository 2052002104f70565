package dev.rhizome.overlay;

/** Told when a node joins or leaves this node's view of the overlay, or a channel to it opens or closes. */
@FunctionalInterface
public interface NodeListener {
    /**
     * @param node   the node concerned
     * @param reason why: {@code "joined"}, {@code "left"}, {@code "failed"}, {@code "noconnection"},
     *               {@code "replaced"} (restarted under a new incarnation), {@code "connected"} ...
     */
    void onEvent(NodeId node, String reason);
}
