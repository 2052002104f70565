package dev.rhizome.hyparview.broadcast;

import dev.rhizome.hyparview.wire.BroadcastMessage;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Output;
import java.util.List;

/**
 * A broadcast layer over the active view. The membership protocol tells it when neighbours come and go
 * and hands it its messages and timers; it appends what to send to {@code out}.
 */
public interface Broadcaster {

    /** Starts a broadcast of {@code payload}, delivers it locally, and returns its id. */
    default long broadcast(long now, byte[] payload, List<Output> out) {
        return broadcast(now, null, payload, out);
    }

    /** As {@link #broadcast(long, byte[], List)}, naming {@code origin} (this node) as the broadcast's origin. */
    long broadcast(long now, NodeId origin, byte[] payload, List<Output> out);

    /** {@code peer} entered the active view. */
    void neighborUp(NodeId peer);

    /** {@code peer} left the active view. */
    void neighborDown(NodeId peer);

    /** A broadcast-layer message from the neighbour {@code from}. */
    void onMessage(long now, NodeId from, BroadcastMessage message, List<Output> out);

    /** One of this layer's timers fired. */
    void onTimer(long now, GraftTimer timer, List<Output> out);

    /** Sets who hears of deliveries (one listener; replaces the previous). */
    void onDeliver(BroadcastListener listener);
}
