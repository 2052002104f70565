package dev.rhizome.channels.internal;

import dev.rhizome.channels.handshake.HandshakeOutcome;
import dev.rhizome.channels.metrics.ChannelMetrics;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection (one lane of one channel to one peer) and its outbound path.
 *
 * <p>Sending: any thread may {@link #enqueue} a {@link SendFuture}. From a foreign thread the message
 * goes into a lock-free MPSC queue and, if no drain is pending, one drain task is submitted to the
 * event loop; the drain writes up to {@value #MAX_BATCH} messages and flushes once. On the event loop
 * with an empty queue the message is written and flushed directly. The futures complete in order when
 * the last write of their batch completes; if the connection closes first they fail with
 * {@link SendException.Reason#CLOSED} and are counted as failed sends.
 *
 * <p>Pending bytes are the queue plus Netty's outbound buffer; the lane is above its high watermark
 * when Netty's outbound buffer says it is unwritable (high/low watermarks with hysteresis) or the
 * queue alone holds more than the high watermark.
 */
public final class Connection implements HandshakeOutcome {

    static final int MAX_BATCH = 1024;

    private final ConnectionOwner owner;
    private final boolean dialer;
    private final NodeId expectedPeer;
    private final InetSocketAddress dialAddress;
    private final int highWatermark;
    private final Queue<SendFuture> queue = PlatformDependent.newMpscQueue();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<SendFuture> inFlight = new ArrayDeque<>();
    private final Object writableLock = new Object();
    private final Runnable drainTask = this::drain;
    private final java.util.function.LongSupplier pendingSource = this::pendingBytes;
    private final ChannelFutureListener batchWritten = this::batchWritten;
    private volatile int writableWaiters;
    private volatile Channel channel;
    private volatile NodeId peer;
    private volatile String channelName;
    private volatile int lane = -1;
    private volatile ChannelMetrics metrics;
    private volatile boolean closing;

    /**
     * @param dialer       whether this side dialed
     * @param expectedPeer the node dialed, or {@code null} (acceptor, or a seed dial)
     * @param dialAddress  the address dialed, or {@code null} for an accepted connection
     * @param channel      the channel dialed, or {@code null} for an accepted connection
     * @param lane         the lane dialed, or -1
     */
    public Connection(ConnectionOwner owner, boolean dialer, NodeId expectedPeer, InetSocketAddress dialAddress,
            String channel, int lane, int highWatermark) {
        this.channelName = channel;
        this.lane = lane;
        this.owner = owner;
        this.dialer = dialer;
        this.expectedPeer = expectedPeer;
        this.dialAddress = dialAddress;
        this.highWatermark = highWatermark;
    }

    void attach(Channel ch) {
        this.channel = ch;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isDialer() {
        return dialer;
    }

    public NodeId expectedPeer() {
        return expectedPeer;
    }

    public InetSocketAddress dialAddress() {
        return dialAddress;
    }

    /** The authenticated peer, or {@code null} before the handshake succeeded. */
    public NodeId peer() {
        return peer;
    }

    public String channelName() {
        return channelName;
    }

    public int lane() {
        return lane;
    }

    public ChannelMetrics metrics() {
        return metrics;
    }

    /** The node that dialed this connection. */
    public NodeId dialerId(NodeId self) {
        return dialer ? self : peer;
    }

    /** Binds the connection to its channel metrics after the handshake. */
    public void bindMetrics(ChannelMetrics channelMetrics) {
        this.metrics = channelMetrics;
        channelMetrics.addPendingSource(pendingSource);
    }

    // ---- handshake outcome ----

    @Override
    public String admit(NodeId p, String ch, int l) {
        return owner.admit(this, p, ch, l);
    }

    @Override
    public void established(NodeId p, String ch, int l) {
        this.peer = p;
        this.channelName = ch;
        this.lane = l;
        owner.established(this);
    }

    @Override
    public void failed(NodeId p, String ch, String reason, boolean duplicate) {
        owner.handshakeFailed(this, p, ch, reason, duplicate);
    }

    // ---- outbound ----

    /** Bytes waiting in the queue and in Netty's outbound buffer. */
    public long pendingBytes() {
        long pending = queuedBytes.get();
        Channel ch = channel;
        ChannelOutboundBuffer buffer = ch == null ? null : ch.unsafe().outboundBuffer();
        return buffer == null ? pending : pending + buffer.totalPendingWriteBytes();
    }

    /** Whether the lane is above its high watermark. */
    public boolean isBacklogged() {
        Channel ch = channel;
        return (ch != null && !ch.isWritable()) || queuedBytes.get() > highWatermark;
    }

    /** Whether the connection is established and not closing. */
    public boolean isUsable() {
        Channel ch = channel;
        return !closing && peer != null && ch != null && ch.isActive();
    }

    /** Queues (or on the event loop, writes) a message. Never blocks. */
    public void enqueue(SendFuture message) {
        Channel ch = channel;
        if (ch.eventLoop().inEventLoop() && queue.isEmpty() && ch.isActive()) {
            message.tracked = true;
            inFlight.add(message);
            metrics.messagesOut.mark();
            metrics.bytesOut.inc(message.bytes);
            ch.writeAndFlush(message.takeFrame()).addListener(batchWritten);
            metrics.flushes.inc();
            return;
        }
        queuedBytes.addAndGet(message.bytes);
        queue.offer(message);
        scheduleDrain();
    }

    /** Makes sure a drain runs soon (also used before closing gracefully). */
    public void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RuntimeException rejected) {
                drainScheduled.set(false);
                failQueued(SendException.Reason.CLOSED, "the event loop is shut down");
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        if (!ch.isActive()) {
            failQueued(SendException.Reason.CLOSED, "connection closed");
            return;
        }
        SendFuture held = null;
        int count = 0;
        long bytes = 0;
        SendFuture next;
        while (count < MAX_BATCH && (next = queue.poll()) != null) {
            queuedBytes.addAndGet(-next.bytes);
            if (held != null) {
                inFlight.add(held);
                ch.write(held.takeFrame(), ch.voidPromise());
            }
            held = next;
            count++;
            bytes += next.bytes;
        }
        if (held != null) {
            held.tracked = true;
            inFlight.add(held);
            ch.write(held.takeFrame()).addListener(batchWritten);
            ch.flush();
            metrics.messagesOut.mark(count);
            metrics.bytesOut.inc(bytes);
            metrics.flushes.inc();
        }
        if (!queue.isEmpty()) {
            scheduleDrain();
        }
        signalWritableIfWaiting();
    }

    private void batchWritten(ChannelFuture future) {
        Throwable cause = future.cause();
        SendFuture f;
        while ((f = inFlight.poll()) != null) {
            if (cause == null) {
                f.complete(null);
            } else {
                fail(f, SendException.Reason.CLOSED, "write failed: " + cause);
            }
            if (f.tracked) {
                break;
            }
        }
    }

    private void fail(SendFuture f, SendException.Reason reason, String why) {
        f.releaseFrame();
        if (f.completeExceptionally(new SendException(reason, why))) {
            ChannelMetrics m = metrics;
            if (m != null) {
                m.failedSends.inc();
            }
        }
    }

    /** Fails everything queued or in flight; event loop only (or after the loop is gone). */
    void failQueued(SendException.Reason reason, String why) {
        SendFuture f;
        int bound = Integer.MAX_VALUE;
        while (bound-- > 0 && (f = queue.poll()) != null) {
            queuedBytes.addAndGet(-f.bytes);
            fail(f, reason, why);
        }
        Channel ch = channel;
        if (ch == null || !ch.isRegistered() || ch.eventLoop().inEventLoop()) {
            while ((f = inFlight.poll()) != null) {
                fail(f, reason, why);
            }
        }
        signalWritableIfWaiting();
    }

    /** Called by the pipeline when the socket closed. */
    void onClosed() {
        closing = true;
        failQueued(SendException.Reason.CLOSED, "connection closed");
        ChannelMetrics m = metrics;
        if (m != null) {
            m.removePendingSource(pendingSource);
        }
        owner.closed(this);
    }

    /** Stops new sends, writes what is queued, then closes. Any thread. */
    public void closeGracefully() {
        closing = true;
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> {
                drainAll();
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            });
        } catch (RuntimeException rejected) {
            failQueued(SendException.Reason.CLOSED, "the event loop is shut down");
        }
    }

    private void drainAll() {
        for (int i = 0; i < 1_000_000 && !queue.isEmpty(); i++) {
            drain();
        }
    }

    /** Whether sends may still pick this connection. */
    public boolean isClosing() {
        return closing;
    }

    // ---- writability ----

    /** Wakes threads waiting in {@link #awaitWritable}. */
    void signalWritableIfWaiting() {
        if (writableWaiters > 0 && !isBacklogged()) {
            synchronized (writableLock) {
                writableLock.notifyAll();
            }
        }
    }

    /** Waits up to {@code maxMillis} for the lane to drop below its watermark; spurious returns allowed. */
    public void awaitWritable(long maxMillis) throws InterruptedException {
        synchronized (writableLock) {
            writableWaiters++;
            try {
                if (isBacklogged() && isUsable()) {
                    writableLock.wait(Math.max(1, maxMillis));
                }
            } finally {
                writableWaiters--;
            }
        }
    }

    @Override
    public String toString() {
        return (dialer ? "dialed " : "accepted ") + channelName + "/" + lane + " to " + peer + " " + channel;
    }
}
