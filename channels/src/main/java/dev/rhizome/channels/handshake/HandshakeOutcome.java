package dev.rhizome.channels.handshake;

import dev.rhizome.overlay.NodeId;

/** Where a {@link HandshakeHandler} reports; implemented by the connection it belongs to. */
public interface HandshakeOutcome {

    /**
     * Acceptor only, after the dialer proved itself: whether to take this connection. Returns
     * {@code null} to accept, else the reason it duplicates a connection that wins the tie-break.
     */
    String admit(NodeId peer, String channel, int lane);

    /**
     * Acceptor only, after the dialer proved itself and before the tie-break: {@code null} to go on,
     * else why this node does not take connections from {@code peer} at all (an
     * {@link dev.rhizome.channels.Admission} policy). The dialer is told the reason.
     */
    default String refuse(NodeId peer, String channel) {
        return null;
    }

    /** The handshake succeeded; called on the event loop before the handler removes itself. */
    void established(NodeId peer, String channel, int lane);

    /**
     * The handshake failed and the connection is closing.
     *
     * @param peer      the other side's claimed identity if it got that far, else {@code null}
     * @param channel   the channel if known and configured, else {@code null}
     * @param reason    why
     * @param duplicate true when this only resolved a simultaneous dial (not an error)
     */
    void failed(NodeId peer, String channel, String reason, boolean duplicate);
}
