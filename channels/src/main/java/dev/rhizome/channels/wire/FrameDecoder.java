package dev.rhizome.channels.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames. Its one job is the length prefix: the prefix is checked against
 * the configured maximum <em>before</em> anything is allocated, and each frame is passed on as a
 * retained slice that starts at the version byte.
 *
 * <p>Ownership: every emitted {@link ByteBuf} belongs to the next inbound handler, which must release
 * it. On a bad length the decoder raises {@link ProtocolException} once (an {@code exceptionCaught}
 * event), then discards everything the peer sends after it; the handler that catches it closes the
 * connection. A stream that ends in the middle of a frame raises "truncated frame".
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;
    private boolean failed;

    /** @param maxFrameBytes the largest accepted value of the length prefix */
    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < Frames.HEADER_BYTES || length > maxFrameBytes) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new ProtocolException(length < Frames.HEADER_BYTES
                    ? "frame length " + length + " is shorter than the header"
                    : "frame length " + length + " exceeds the maximum of " + maxFrameBytes);
        }
        if (in.readableBytes() < Frames.LENGTH_BYTES + length) {
            return;
        }
        in.skipBytes(Frames.LENGTH_BYTES);
        out.add(in.readRetainedSlice(length));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int leftover = in.readableBytes();
            failed = true;
            in.skipBytes(leftover);
            throw new ProtocolException("truncated frame: stream ended with " + leftover
                    + " bytes of an incomplete frame");
        }
    }
}
