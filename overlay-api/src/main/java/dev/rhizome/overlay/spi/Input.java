package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;

/** Everything that can happen to a protocol. The runtime feeds these in, one at a time, on one thread. */
public sealed interface Input {

    /** The node has started and listens; sent once, first. */
    record Start() implements Input {}

    /** The application asked to join through the node listening at {@code seed}. */
    record Join(InetSocketAddress seed) implements Input {}

    /** The application asked to leave gracefully. */
    record Leave() implements Input {}

    /** The control channel to {@code peer} is up (after a handshake), whoever dialed. */
    record ConnectionUp(NodeId peer) implements Input {}

    /** The control channel to {@code peer} is down. */
    record ConnectionDown(NodeId peer) implements Input {}

    /** Dialing {@code address} (an {@link Output.Dial}) failed. */
    record DialFailed(InetSocketAddress address, String reason) implements Input {}

    /** A control message arrived from {@code from}. */
    record Received(NodeId from, Object message) implements Input {}

    /** A timer set with {@link Output.SetTimer} fired. */
    record TimerFired(Object key) implements Input {}

    /**
     * The application asked to broadcast {@code payload} to every member. The topology disseminates it
     * and answers with an {@link Output.Deliver} for every node that delivers it, this one included.
     */
    record Broadcast(byte[] payload) implements Input {}
}
