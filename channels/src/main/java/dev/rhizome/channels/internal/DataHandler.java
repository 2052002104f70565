package dev.rhizome.channels.internal;

import dev.rhizome.channels.DataSink;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.channels.faults.FaultInjector;
import dev.rhizome.channels.reliable.Reliability;
import dev.rhizome.channels.metrics.ChannelMetrics;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler: turns DATA frames into {@link TransportListener#onData} calls, and owns
 * the connection's error and lifecycle events.
 *
 * <p>Ownership: releases every frame it receives. The payload handed to the listener is a fresh copy.
 * A frame that is not a valid DATA frame of the current version is a protocol error: it is logged,
 * counted ({@code protocol-errors}) and closes this connection. An exception from the listener is
 * logged and counted ({@code handler-errors}); the connection stays open.
 */
public final class DataHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DataHandler.class);
    private static final int DATA_HEADER = Frames.HEADER_BYTES + Frames.CODEC_ID_BYTES;
    private static final int MAX_ACKS_PER_FRAME = 4096;

    private final Connection connection;
    private final TransportListener listener;
    private final MetricsCatalog catalog;
    private final String self;
    private final int maxPayloadBytes;
    private final FaultInjector faults;
    private final Reliability reliability;
    /** Event loop only: resolved at the first message; counts published once per read loop. */
    private DataSink sink;
    private Reliability.Receiver receiver;
    private long[] acks = new long[16];
    private int ackCount;
    private int unpublishedMessages;
    private long unpublishedBytes;

    public DataHandler(Connection connection, TransportListener listener, MetricsCatalog catalog, String self,
            int maxPayloadBytes, FaultInjector faults, Reliability reliability) {
        this.reliability = reliability;
        this.faults = faults;
        this.maxPayloadBytes = maxPayloadBytes;
        this.connection = connection;
        this.listener = listener;
        this.catalog = catalog;
        this.self = self;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            ChannelMetrics metrics = connection.metrics();
            if (metrics == null) {
                throw new ProtocolException("data before the handshake completed");
            }
            int start = frame.readerIndex();
            int length = frame.readableBytes();
            byte version = frame.getByte(start + Frames.VERSION_OFFSET);
            byte type = frame.getByte(start + Frames.TYPE_OFFSET);
            if (version != Frames.FORMAT_VERSION) {
                throw new ProtocolException("unsupported format version " + (version & 0xFF));
            }
            if (type == FrameType.ACK) {
                onAck(frame, start, length);
                return;
            }
            if (type != FrameType.DATA) {
                throw new ProtocolException("unexpected frame type " + FrameType.name(type) + " after the handshake");
            }
            if (length < DATA_HEADER) {
                throw new ProtocolException("truncated DATA body: " + length + " bytes");
            }
            int codecId = frame.getUnsignedShort(start + Frames.HEADER_BYTES);
            byte flags = frame.getByte(start + Frames.FLAGS_OFFSET);
            if ((flags & ~Frames.KNOWN_DATA_FLAGS) != 0) {
                throw new ProtocolException("unknown DATA flags 0x" + Integer.toHexString(flags & 0xFF));
            }
            int offset = DATA_HEADER;
            boolean fresh = true;
            if ((flags & Frames.FLAG_SEQ) != 0) {
                if (length < DATA_HEADER + Frames.SEQ_BYTES) {
                    throw new ProtocolException("truncated sequenced DATA body: " + length + " bytes");
                }
                long seq = frame.getLong(start + DATA_HEADER);
                offset += Frames.SEQ_BYTES;
                Reliability.Receiver r = receiver;
                if (r == null) {
                    r = receiver = reliability.receiver(connection.peer(), connection.channelName());
                }
                fresh = r.accept(seq, (flags & Frames.FLAG_DEDUP) != 0);
                queueAck(ctx, seq);
            }
            byte[] payload;
            if ((flags & Frames.FLAG_SNAPPY) == 0) {
                payload = new byte[length - offset];
                frame.getBytes(start + offset, payload);
            } else {
                payload = Frames.decompress(frame.slice(start + offset, length - offset), maxPayloadBytes);
            }
            unpublishedMessages++;
            unpublishedBytes += length + Frames.LENGTH_BYTES;
            if (!fresh) {
                return;
            }
            if (faults.ingressActive()) {
                byte[] p = payload;
                faults.ingress(connection.peer(), ctx.executor(), () -> deliver(metrics, codecId, p));
            } else {
                deliver(metrics, codecId, payload);
            }
        } catch (ProtocolException e) {
            protocolError(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void deliver(ChannelMetrics metrics, int codecId, byte[] payload) {
        try {
            DataSink s = sink;
            if (s == null) {
                s = sink = listener.sink(connection.peer(), connection.channelName());
            }
            s.onData(codecId, payload);
        } catch (RuntimeException | Error e) {
            metrics.handlerErrors.inc();
            LOG.error("{}: the listener failed on a message from {} on {}", self, connection.peer(),
                    connection.channelName(), e);
        }
    }

    private void protocolError(ChannelHandlerContext ctx, String reason) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        ChannelMetrics metrics = connection.metrics();
        (metrics != null ? metrics : catalog.unauthenticated(channelOrUnknown())).protocolErrors.inc();
        LOG.warn("{}: closing connection {} from {}: protocol error: {}", self, connection,
                ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private String channelOrUnknown() {
        String ch = connection.channelName();
        return ch == null ? "unknown" : ch;
    }

    private void onAck(ByteBuf frame, int start, int length) {
        int body = length - Frames.HEADER_BYTES;
        int count = body >= 4 ? frame.getInt(start + Frames.HEADER_BYTES) : -1;
        if (count < 0 || body != 4 + (long) count * Frames.SEQ_BYTES) {
            throw new ProtocolException("malformed ACK frame of " + length + " bytes");
        }
        for (int i = 0; i < count; i++) {
            reliability.acked(connection.peer(), connection.channelName(),
                    frame.getLong(start + Frames.HEADER_BYTES + 4 + i * Frames.SEQ_BYTES));
        }
    }

    private void queueAck(ChannelHandlerContext ctx, long seq) {
        if (acks.length == ackCount) {
            if (ackCount >= MAX_ACKS_PER_FRAME) {
                flushAcks(ctx);
            } else {
                acks = java.util.Arrays.copyOf(acks, acks.length * 2);
            }
        }
        acks[ackCount++] = seq;
    }

    private void flushAcks(ChannelHandlerContext ctx) {
        if (ackCount > 0 && ctx.channel().isActive()
                && !(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel d && d.isOutputShutdown())) {
            ctx.writeAndFlush(Frames.encodeAck(ctx.alloc(), acks, ackCount), ctx.voidPromise());
        }
        ackCount = 0;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushAcks(ctx);
        publishCounts();
        ctx.fireChannelReadComplete();
    }

    private void publishCounts() {
        ChannelMetrics metrics = connection.metrics();
        if (unpublishedMessages > 0 && metrics != null) {
            metrics.messagesIn.mark(unpublishedMessages);
            metrics.bytesIn.inc(unpublishedBytes);
            unpublishedMessages = 0;
            unpublishedBytes = 0;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * The peer half-closed (graceful close or tie-break retirement; channels allow half-closure): every
     * frame it wrote has been read. An established connection finishes its own output and closes; one
     * still in its handshake just closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (connection.metrics() != null) {
                connection.onPeerFinished();
            } else {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        publishCounts();
        connection.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            protocolError(ctx, cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("{}: connection {} failed: {}", self, connection, cause.toString());
            ctx.close();
        } else {
            LOG.warn("{}: closing connection {} after an unexpected error", self, connection, cause);
            ctx.close();
        }
    }
}
