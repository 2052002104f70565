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
}
