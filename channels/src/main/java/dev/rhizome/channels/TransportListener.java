package dev.rhizome.channels;

import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;

/**
 * What the transport tells its owner. Every callback runs on a Netty event-loop thread and must not
 * block; hand work to another thread if it may. An exception thrown by {@link #onData} is logged and
 * counted ({@code handler-errors}) and never closes the connection.
 */
public interface TransportListener {

    /** The first lane of {@code channel} to {@code peer} finished its handshake. */
    void onChannelUp(NodeId peer, String channel);

    /** The last lane of {@code channel} to {@code peer} went down. */
    void onChannelDown(NodeId peer, String channel);

    /**
     * A message arrived.
     *
     * @param payload a fresh array the listener may keep
     */
    void onData(NodeId peer, String channel, int codecId, byte[] payload);

    /** A {@link Transport#dial(InetSocketAddress)} did not produce an authenticated connection. */
    void onDialFailed(InetSocketAddress address, String reason);
}
