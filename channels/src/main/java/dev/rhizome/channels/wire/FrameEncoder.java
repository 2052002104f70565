package dev.rhizome.channels.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes handshake messages ({@link ControlFrame}) into frames. DATA frames are already complete
 * {@link ByteBuf}s when they are written (they are encoded by the sender, off the event loop) and
 * pass through this handler untouched.
 */
public final class FrameEncoder extends MessageToByteEncoder<ControlFrame> {

    public FrameEncoder() {
        super(ControlFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ControlFrame frame, ByteBuf out) {
        byte[] body = ControlCodec.encode(frame.message());
        Frames.writeHeader(out, body.length, frame.version(), frame.type(), (byte) 0);
        out.writeBytes(body);
    }
}
