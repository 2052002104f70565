package dev.rhizome.channels.internal;

import dev.rhizome.overlay.SendException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
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
    /** A reliable channel's (re)transmission: its failure is covered by retransmission, not a failed send. */
    boolean internal;
    /** Older messages of a monotonic channel this one replaced; they share its outcome. */
    private List<SendFuture> absorbed;

    SendFuture(ByteBuf frame) {
        this.frame = frame;
        this.bytes = frame.readableBytes();
    }

    ByteBuf takeFrame() {
        ByteBuf f = frame;
        frame = null;
        return f;
    }

    /**
     * Takes the place of {@code older} (monotonic coalescing): the older frame is released unsent, and
     * the older future (and whatever it had absorbed) completes with this one's outcome.
     */
    void absorb(SendFuture older) {
        older.releaseFrame();
        if (absorbed == null) {
            absorbed = new ArrayList<>(4);
        }
        if (older.absorbed != null) {
            absorbed.addAll(older.absorbed);
            older.absorbed = null;
        }
        absorbed.add(older);
    }

    /** Completes this future and those it absorbed. */
    void succeed() {
        complete(null);
        if (absorbed != null) {
            absorbed.forEach(f -> f.complete(null));
        }
    }

    /** Fails this future and those it absorbed; returns how many futures this failed. */
    int failWith(SendException e) {
        releaseFrame();
        int failed = completeExceptionally(e) && !internal ? 1 : 0;
        if (absorbed != null) {
            for (SendFuture f : absorbed) {
                failed += f.completeExceptionally(e) ? 1 : 0;
            }
        }
        return failed;
    }

    /** Releases the frame if it was never written. Event-loop or owning thread only. */
    void releaseFrame() {
        ByteBuf f = takeFrame();
        if (f != null) {
            f.release();
        }
    }
}
