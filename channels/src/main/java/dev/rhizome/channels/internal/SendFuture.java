package dev.rhizome.channels.internal;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * One queued message: the encoded frame and the future the sender holds. Being both keeps the send
 * path at two allocations (this and the frame buffer).
 *
 * <p>Ownership: the frame belongs to this object until {@link #takeFrame()} hands it to Netty's
 * {@code write}; a future failed before that releases the frame itself.
 */
public final class SendFuture extends CompletableFuture<Void> {

    private ByteBuf frame;
    final int bytes;
    boolean tracked;

    SendFuture(ByteBuf frame) {
        this.frame = frame;
        this.bytes = frame.readableBytes();
    }

    ByteBuf takeFrame() {
        ByteBuf f = frame;
        frame = null;
        return f;
    }

    /** Releases the frame if it was never written. Event-loop or owning thread only. */
    void releaseFrame() {
        ByteBuf f = takeFrame();
        if (f != null) {
            f.release();
        }
    }
}
