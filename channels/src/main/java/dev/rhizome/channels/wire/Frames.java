package dev.rhizome.channels.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Constants and helpers for the frame layout: a 4-byte big-endian length (of everything after it),
 * then version, type and flags (one byte each), then the body.
 */
public final class Frames {

    /** The format version this build speaks. */
    public static final byte FORMAT_VERSION = 1;
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes of the header after the length prefix: version, type, flags. */
    public static final int HEADER_BYTES = 3;
    /** Bytes of the codec id in a DATA body. */
    public static final int CODEC_ID_BYTES = 2;
    /** The largest codec id a DATA frame can carry. */
    public static final int MAX_CODEC_ID = 0xFFFF;
    /** Offsets inside a decoded frame (which starts at the version byte). */
    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int FLAGS_OFFSET = 2;

    private Frames() {
    }

    /** The frame length (the value of the prefix) of a DATA frame with {@code payloadBytes}. */
    public static int dataFrameLength(int payloadBytes) {
        return HEADER_BYTES + CODEC_ID_BYTES + payloadBytes;
    }

    /**
     * Encodes a complete DATA frame, length prefix included, into a new buffer from {@code alloc}.
     * The caller owns the returned buffer (normally it passes it on to {@code Channel.write}).
     */
    public static ByteBuf encodeData(ByteBufAllocator alloc, int codecId, byte[] payload) {
        int frameLength = dataFrameLength(payload.length);
        ByteBuf buf = alloc.ioBuffer(LENGTH_BYTES + frameLength);
        buf.writeInt(frameLength);
        buf.writeByte(FORMAT_VERSION);
        buf.writeByte(FrameType.DATA);
        buf.writeByte(0);
        buf.writeShort(codecId);
        buf.writeBytes(payload);
        return buf;
    }

    /** Writes a frame header with an explicit version (tests use other versions). */
    public static void writeHeader(ByteBuf buf, int bodyBytes, byte version, byte type, byte flags) {
        buf.writeInt(HEADER_BYTES + bodyBytes);
        buf.writeByte(version);
        buf.writeByte(type);
        buf.writeByte(flags);
    }
}
