package dev.rhizome.channels;

import dev.rhizome.overlay.NodeId;

/**
 * Which authenticated dialers an acceptor takes, decided in the handshake before ACCEPT (after the
 * dialer proved the cluster secret). A refused dialer gets a REFUSE frame with the reason, and its
 * dial fails with {@code "refused by peer: <reason>"}. Called on an event loop: must not block and
 * must only read state that is safe to read from any thread.
 */
@FunctionalInterface
public interface Admission {

    /** Accepts everyone. */
    Admission ALL = (dialer, channel) -> null;

    /** {@code null} to take the connection from {@code dialer} on {@code channel}, else why not. */
    String refuse(NodeId dialer, String channel);
}
