package dev.rhizome.channels.internal;

import dev.rhizome.channels.ChannelOptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection (one lane of one channel to one peer) and its outbound path.
 *
 * <p>Sending: any thread, the event loop included, may {@link #enqueue} a {@link SendFuture}. The
 * message goes into a lock-free MPSC queue and, if no drain is pending, one drain task is submitted to
 * the event loop; the drain writes up to {@value #MAX_BATCH} messages with void promises, tracks only
 * the last write and flushes once. The futures complete in order when the last write of their batch
 * completes; if the connection closes first they fail with {@link SendException.Reason#CLOSED} and are
 * counted as failed sends.
 *
 * <p>Pending bytes are the queue plus Netty's outbound buffer; the lane is above its high watermark
 * when Netty's outbound buffer says it is unwritable (high/low watermarks with hysteresis) or the
 * queue alone holds more than the high watermark.
 */
public final class Connection implements HandshakeOutcome {

    static final int MAX_BATCH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final ConnectionOwner owner;
    private final boolean dialer;
    private final NodeId expectedPeer;
    private final InetSocketAddress dialAddress;
    private final int highWatermark;
    private final long lingerNanos;
    private final Queue<SendFuture> queue = PlatformDependent.newMpscQueue();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<SendFuture> inFlight = new ArrayDeque<>();
    /** Monotonic channels: the newest parked message per partition key; also the lock of the parking. */
    private final java.util.LinkedHashMap<Long, SendFuture> parked = new java.util.LinkedHashMap<>();
    private volatile boolean hasParked;
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
    private volatile ChannelOptions options = ChannelOptions.DEFAULT;
    private volatile boolean closing;
    /** Event loop only: our end of stream was sent (or is about to be), and the peer's was received. */
    private boolean outputDone;
    private boolean inputDone;
    private boolean draining;

    /**
     * @param dialer       whether this side dialed
     * @param expectedPeer the node dialed, or {@code null} (acceptor, or a seed dial)
     * @param dialAddress  the address dialed, or {@code null} for an accepted connection
     * @param channel      the channel dialed, or {@code null} for an accepted connection
     * @param lane         the lane dialed, or -1
     * @param linger       how long a graceful close waits for the peer's end of stream before it closes anyway
     */
    public Connection(ConnectionOwner owner, boolean dialer, NodeId expectedPeer, InetSocketAddress dialAddress,
            String channel, int lane, int highWatermark, java.time.Duration linger) {
        this.lingerNanos = linger.toNanos();
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
        if (closing) {
            ch.close(); // closeGracefully() came before the channel: nothing was sent, nothing to finish
        }
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

    /** The options of this connection's channel (bound after the handshake). */
    public ChannelOptions options() {
        return options;
    }

    /** Binds the connection to its channel's options and metrics after the handshake. */
    public void bind(ChannelOptions channelOptions, ChannelMetrics channelMetrics) {
        this.options = channelOptions;
        this.metrics = channelMetrics;
        channelMetrics.addPendingSource(pendingSource);
    }

    // ---- handshake outcome ----

    @Override
    public String admit(NodeId p, String ch, int l) {
        return owner.admit(this, p, ch, l);
    }

    @Override
    public String refuse(NodeId p, String ch) {
        return owner.refuse(this, p, ch);
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

    /**
     * Queues a message for the drain task. Never blocks. The event loop takes the same batched path
     * as other threads: a burst of sends made during one read loop is written with void promises and
     * one tracked write, and flushed once, when the drain task runs right after the read loop.
     */
    public void enqueue(SendFuture message) {
        queuedBytes.addAndGet(message.bytes);
        queue.offer(message);
        scheduleDrain();
    }

    /**
     * Queues a message of a monotonic channel. While the lane is backlogged, or while an older message
     * with the same {@code key} is still parked, the message is parked in a one-per-key slot instead;
     * a message that replaces a parked one absorbs it (counted in {@code coalesced}). Parked messages
     * are queued, newest per key, as soon as the lane is no longer backlogged. Never blocks.
     */
    public void enqueueMonotonic(SendFuture message, long key) {
        boolean coalesced = false;
        synchronized (parked) {
            if (parked.containsKey(key) || isBacklogged()) {
                SendFuture older = parked.put(key, message);
                hasParked = true;
                if (older != null) {
                    message.absorb(older);
                    coalesced = true;
                }
            } else {
                queuedBytes.addAndGet(message.bytes);
                queue.offer(message);
            }
        }
        if (coalesced) {
            metrics.coalesced.inc();
        }
        scheduleDrain();
    }

    /** Moves parked monotonic messages to the queue if the lane is not backlogged. */
    private void releaseParked() {
        if (!hasParked || isBacklogged()) {
            return;
        }
        synchronized (parked) {
            for (SendFuture f : parked.values()) {
                queuedBytes.addAndGet(f.bytes);
                queue.offer(f);
            }
            parked.clear();
            hasParked = false;
        }
    }

    private java.util.List<SendFuture> takeParked() {
        if (!hasParked) {
            return java.util.List.of();
        }
        synchronized (parked) {
            java.util.List<SendFuture> all = new java.util.ArrayList<>(parked.values());
            parked.clear();
            hasParked = false;
            return all;
        }
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
        if (outputDone && !draining) {
            // a send that raced the graceful close: fail it visibly; a write after our FIN would fail
            // through exceptionCaught and close the connection before the peer's last frames arrive
            failUnwritten(SendException.Reason.CLOSED, "connection closing");
            return;
        }
        releaseParked();
        SendFuture held = null;
        int count = 0;
        long bytes = 0;
        SendFuture next;
        while (count < MAX_BATCH && (next = queue.poll()) != null) {
            if (held != null) {
                inFlight.add(held);
                ch.write(held.takeFrame(), ch.voidPromise());
            }
            held = next;
            count++;
            bytes += next.bytes;
        }
        if (held != null) {
            queuedBytes.addAndGet(-bytes);
            held.tracked = true;
            inFlight.add(held);
            ch.write(held.takeFrame()).addListener(batchWritten);
            ch.flush();
            ChannelMetrics m = metrics;
            m.messagesOut.mark(count);
            m.bytesOut.inc(bytes);
            m.flushes.inc();
        }
        if (!queue.isEmpty() || (hasParked && !isBacklogged())) {
            scheduleDrain();
        }
        signalWritableIfWaiting();
    }

    private void batchWritten(ChannelFuture future) {
        Throwable cause = future.cause();
        SendFuture f;
        while ((f = inFlight.poll()) != null) {
            if (cause == null) {
                f.succeed();
            } else {
                fail(f, SendException.Reason.CLOSED, "write failed: " + cause);
            }
            if (f.tracked) {
                break;
            }
        }
    }

    private void fail(SendFuture f, SendException.Reason reason, String why) {
        int failed = f.failWith(new SendException(reason, why));
        ChannelMetrics m = metrics;
        if (m != null && failed > 0) {
            m.failedSends.inc(failed);
        }
    }

    /** Fails everything queued or in flight; event loop only (or after the loop is gone). */
    void failQueued(SendException.Reason reason, String why) {
        failUnwritten(reason, why);
        SendFuture f;
        Channel ch = channel;
        if (ch == null || !ch.isRegistered() || ch.eventLoop().inEventLoop()) {
            while ((f = inFlight.poll()) != null) {
                fail(f, reason, why);
            }
        }
        signalWritableIfWaiting();
    }

    /** Fails what is queued or parked (never written); in-flight writes keep their own outcome. */
    private void failUnwritten(SendException.Reason reason, String why) {
        SendFuture f;
        int bound = Integer.MAX_VALUE;
        while (bound-- > 0 && (f = queue.poll()) != null) {
            queuedBytes.addAndGet(-f.bytes);
            fail(f, reason, why);
        }
        for (SendFuture p : takeParked()) {
            fail(p, reason, why);
        }
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

    /**
     * Stops new sends on this connection, writes what is queued, then half-closes it: our end of stream
     * goes out after our last frame, and the connection keeps reading until the peer's end of stream
     * (see {@link #onPeerFinished}), so nothing either side wrote before it learned of the close is
     * lost. Closes anyway after the linger time. Any thread.
     */
    public void closeGracefully() {
        closing = true;
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> finishOutput(ch));
        } catch (RuntimeException rejected) {
            failQueued(SendException.Reason.CLOSED, "the event loop is shut down");
        }
    }

    /**
     * The peer half-closed: it will send nothing more and has read everything we wrote so far. Writes
     * what is queued, then closes. Event loop only.
     */
    void onPeerFinished() {
        closing = true;
        inputDone = true;
        finishOutput(channel);
    }

    private void finishOutput(Channel ch) {
        if (outputDone) {
            if (inputDone) {
                ch.close();
            }
            return;
        }
        outputDone = true;
        draining = true;
        drainAll();
        draining = false;
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            // nothing to wait for: the peer already finished, or no data can have flowed (no handshake yet)
            if (inputDone || peer == null || !ch.isActive() || !(ch instanceof DuplexChannel duplex)) {
                ch.close();
                return;
            }
            duplex.shutdownOutput();
            ch.eventLoop().schedule(() -> {
                if (ch.isOpen()) {
                    LOG.debug("{}: no end of stream from the peer within the linger time; closing", this);
                    ch.close();
                }
            }, lingerNanos, TimeUnit.NANOSECONDS);
        });
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

    /** The lane's writability changed: releases parked monotonic messages, wakes waiting senders. */
    void writabilityChanged() {
        if (hasParked && !isBacklogged()) {
            scheduleDrain();
        }
        signalWritableIfWaiting();
    }

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
