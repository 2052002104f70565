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

    /**
     * The last lane of {@code channel} to {@code peer} went down: its connection closed, or began
     * closing and was replaced by a new one (then {@link #onChannelUp} follows at once).
     */
    void onChannelDown(NodeId peer, String channel);

    /**
     * A message arrived.
     *
     * @param payload a fresh array the listener may keep
     */
    void onData(NodeId peer, String channel, int codecId, byte[] payload);

    /**
     * The sink for the messages of one connection to {@code peer} on {@code channel}, asked once when
     * the connection delivers its first message. The default forwards to {@link #onData}; override it
     * to resolve a per-channel handler once per connection.
     */
    default DataSink sink(NodeId peer, String channel) {
        return (codecId, payload) -> onData(peer, channel, codecId, payload);
    }

    /** A {@link Transport#dial(InetSocketAddress)} did not produce an authenticated connection. */
    void onDialFailed(InetSocketAddress address, String reason);
}
