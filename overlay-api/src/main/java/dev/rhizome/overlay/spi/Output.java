package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;

/** Everything a protocol can ask its runtime to do. */
public sealed interface Output {

    /** Send a control message (a ProtoStream type from the protocol's schemas) on the control channel. */
    record Send(NodeId to, Object message) implements Output {}

    /** Keep every channel connected to {@code peer}, reconnecting with backoff until {@link Disconnect}. */
    record Connect(NodeId peer) implements Output {}

    /** Dial the control channel of whoever listens at {@code address}; answered by ConnectionUp or DialFailed. */
    record Dial(InetSocketAddress address) implements Output {}

    /** Close every connection to {@code peer} and stop reconnecting to it. */
    record Disconnect(NodeId peer) implements Output {}

    /** Fire {@link Input.TimerFired} with {@code key} at {@code atMillis}; replaces a timer with an equal key. */
    record SetTimer(Object key, long atMillis) implements Output {}

    /** Cancel the timer with an equal key, if any. */
    record CancelTimer(Object key) implements Output {}

    /** Tell the application about a membership change. */
    record Emit(MembershipEvent event) implements Output {}

    /**
     * Deliver a broadcast that {@code origin} started to the application, at most once per broadcast on
     * each node (the topology suppresses duplicates).
     */
    record Deliver(NodeId origin, byte[] payload) implements Output {}
}
