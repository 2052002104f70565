package dev.rhizome.channels.internal;

import io.netty.buffer.ByteBuf;

/** Creates the future of one send and hands it to its connection. */
public final class SendFutures {

    private SendFutures() {
    }

    /**
     * Wraps {@code frame} (ownership passes to the returned future) and queues it on {@code connection}.
     */
    public static SendFuture send(Connection connection, ByteBuf frame) {
        SendFuture future = new SendFuture(frame);
        connection.enqueue(future);
        return future;
    }

    /** Like {@link #send}, on a monotonic channel: may be coalesced with older messages of the same key. */
    public static SendFuture sendMonotonic(Connection connection, ByteBuf frame, long key) {
        SendFuture future = new SendFuture(frame);
        connection.enqueueMonotonic(future, key);
        return future;
    }

    /**
     * Queues one transmission of a reliable message: like {@link #send}, but a failure is not counted
     * in {@code failed-sends} (the reliable layer retransmits; the user's future is its own).
     */
    public static void transmit(Connection connection, ByteBuf frame) {
        SendFuture future = new SendFuture(frame);
        future.internal = true;
        connection.enqueue(future);
    }
}
