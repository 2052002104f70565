package dev.rhizome.channels.internal;

import dev.rhizome.channels.TransportListener;
import dev.rhizome.channels.metrics.ChannelMetrics;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

    private final Connection connection;
    private final TransportListener listener;
    private final MetricsCatalog catalog;
    private final String self;

    public DataHandler(Connection connection, TransportListener listener, MetricsCatalog catalog, String self) {
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
            if (type != FrameType.DATA) {
                throw new ProtocolException("unexpected frame type " + FrameType.name(type) + " after the handshake");
            }
            if (length < DATA_HEADER) {
                throw new ProtocolException("truncated DATA body: " + length + " bytes");
            }
            int codecId = frame.getUnsignedShort(start + Frames.HEADER_BYTES);
            byte[] payload = new byte[length - DATA_HEADER];
            frame.getBytes(start + DATA_HEADER, payload);
            metrics.messagesIn.mark();
            metrics.bytesIn.inc(length + Frames.LENGTH_BYTES);
            deliver(metrics, codecId, payload);
        } catch (ProtocolException e) {
            protocolError(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void deliver(ChannelMetrics metrics, int codecId, byte[] payload) {
        try {
            listener.onData(connection.peer(), connection.channelName(), codecId, payload);
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.signalWritableIfWaiting();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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
