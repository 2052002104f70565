package dev.rhizome.channels.internal;

import dev.rhizome.overlay.NodeId;

/** What a {@link Connection} reports to the transport that owns it. All calls come from its event loop. */
public interface ConnectionOwner {

    /** Acceptor tie-break: {@code null} to accept, else why this connection is a losing duplicate. */
    String admit(Connection connection, NodeId peer, String channel, int lane);

    /** Acceptor admission policy: {@code null} to go on, else why {@code peer} is refused. */
    default String refuse(Connection connection, NodeId peer, String channel) {
        return null;
    }

    /** The handshake succeeded and the connection is bound to its peer, channel and lane. */
    void established(Connection connection);

    /** The handshake failed; the connection is closing. */
    void handshakeFailed(Connection connection, NodeId peer, String channel, String reason, boolean duplicate);

    /** The socket closed (after or without a successful handshake). */
    void closed(Connection connection);
}
