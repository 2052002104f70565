package dev.rhizome.channels.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.Snappy;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Constants and helpers for the frame layout: a 4-byte big-endian length (of everything after it),
 * then version, type and flags (one byte each), then the body.
 */
public final class Frames {

    /**
     * The format version this build speaks. Every frame carries it, and the handshake refuses a peer
     * that speaks another one, naming both versions. Version 1 had no DATA flags and no ACK frame;
     * version 2 added {@link #FLAG_SNAPPY}, {@link #FLAG_SEQ}, {@link #FLAG_DEDUP} and {@code ACK}.
     */
    public static final byte FORMAT_VERSION = 2;
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
    /** DATA flag: the payload after the codec id is a Netty {@link Snappy} block (preamble = original length). */
    public static final byte FLAG_SNAPPY = 0x01;
    /** DATA flag: an 8-byte sequence number follows the codec id (reliable channels). */
    public static final byte FLAG_SEQ = 0x02;
    /** DATA flag (with {@link #FLAG_SEQ}): the receiver de-duplicates this message (effectively-once). */
    public static final byte FLAG_DEDUP = 0x04;
    /** Every DATA flag this version knows; any other bit is a protocol error. */
    public static final byte KNOWN_DATA_FLAGS = FLAG_SNAPPY | FLAG_SEQ | FLAG_DEDUP;
    /** Bytes of a sequence number. */
    public static final int SEQ_BYTES = 8;

    private static final FastThreadLocal<Snappy> SNAPPY = new FastThreadLocal<>() {
        @Override
        protected Snappy initialValue() {
            return Snappy.withHashTableReuse();
        }
    };

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

    /**
     * Encodes a DATA frame whose payload is Snappy-compressed ({@link #FLAG_SNAPPY}); if compression
     * does not make the payload smaller, the frame carries it uncompressed (flags 0) instead.
     */
    public static ByteBuf encodeCompressedData(ByteBufAllocator alloc, int codecId, byte[] payload) {
        return encode(alloc, codecId, payload, true, -1);
    }

    /**
     * Encodes a DATA frame: Snappy-compressed if {@code compress} ({@link #FLAG_SNAPPY}; uncompressed with
     * the flag clear if that is not smaller), with a sequence number if {@code seq >= 0} ({@link #FLAG_SEQ}).
     */
    public static ByteBuf encode(ByteBufAllocator alloc, int codecId, byte[] payload, boolean compress, long seq) {
        return encode(alloc, codecId, payload, compress, seq, false);
    }

    /** Like {@link #encode(ByteBufAllocator, int, byte[], boolean, long)}; {@code dedup} sets {@link #FLAG_DEDUP} on a sequenced frame. */
    public static ByteBuf encode(ByteBufAllocator alloc, int codecId, byte[] payload, boolean compress, long seq,
            boolean dedup) {
        int seqBytes = seq >= 0 ? SEQ_BYTES : 0;
        ByteBuf buf = alloc.ioBuffer(LENGTH_BYTES + dataFrameLength(seqBytes + (compress ? payload.length / 2 + 16 : payload.length)));
        buf.writeInt(0);
        buf.writeByte(FORMAT_VERSION);
        buf.writeByte(FrameType.DATA);
        int flagsIndex = buf.writerIndex();
        byte seqFlag = (byte) (seq < 0 ? 0 : dedup ? FLAG_SEQ | FLAG_DEDUP : FLAG_SEQ);
        buf.writeByte(seqFlag | (compress ? FLAG_SNAPPY : 0));
        buf.writeShort(codecId);
        if (seq >= 0) {
            buf.writeLong(seq);
        }
        int bodyStart = buf.writerIndex();
        if (compress) {
            Snappy snappy = SNAPPY.get();
            snappy.reset();
            snappy.encode(Unpooled.wrappedBuffer(payload), buf, payload.length);
        }
        if (!compress || buf.writerIndex() - bodyStart >= payload.length) {
            buf.writerIndex(bodyStart);
            buf.setByte(flagsIndex, seqFlag);
            buf.writeBytes(payload);
        }
        buf.setInt(0, buf.writerIndex() - LENGTH_BYTES);
        return buf;
    }

    /** Encodes an ACK frame for {@code count} sequence numbers. */
    public static ByteBuf encodeAck(ByteBufAllocator alloc, long[] seqs, int count) {
        ByteBuf buf = alloc.ioBuffer(LENGTH_BYTES + HEADER_BYTES + 4 + SEQ_BYTES * count);
        writeHeader(buf, 4 + SEQ_BYTES * count, FORMAT_VERSION, FrameType.ACK, (byte) 0);
        buf.writeInt(count);
        for (int i = 0; i < count; i++) {
            buf.writeLong(seqs[i]);
        }
        return buf;
    }

    /**
     * Decompresses a {@link #FLAG_SNAPPY} payload into a fresh array. The claimed length is checked
     * against {@code maxBytes} before anything is allocated.
     *
     * @throws ProtocolException if the block is malformed or claims more than {@code maxBytes}
     */
    public static byte[] decompress(ByteBuf block, int maxBytes) {
        int length = readVarint(block, block.readerIndex());
        if (length < 0 || length > maxBytes) {
            throw new ProtocolException("compressed payload claims " + length + " bytes; the maximum is " + maxBytes);
        }
        byte[] out = new byte[length];
        ByteBuf target = Unpooled.wrappedBuffer(out).writerIndex(0);
        try {
            Snappy snappy = SNAPPY.get();
            snappy.reset();
            snappy.decode(block, target);
        } catch (RuntimeException e) {
            throw new ProtocolException("malformed compressed payload: " + e.getMessage());
        }
        if (target.writerIndex() != length) {
            throw new ProtocolException("compressed payload decoded to " + target.writerIndex() + " of " + length + " bytes");
        }
        return out;
    }

    /** The Snappy preamble: a little-endian base-128 varint of at most 5 bytes; -1 if malformed. */
    private static int readVarint(ByteBuf buf, int index) {
        long value = 0;
        for (int i = 0; i < 5 && index + i < buf.writerIndex(); i++) {
            int b = buf.getUnsignedByte(index + i);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value > Integer.MAX_VALUE ? -1 : (int) value;
            }
        }
        return -1;
    }

    /** Writes a frame header with an explicit version (tests use other versions). */
    public static void writeHeader(ByteBuf buf, int bodyBytes, byte version, byte type, byte flags) {
        buf.writeInt(HEADER_BYTES + bodyBytes);
        buf.writeByte(version);
        buf.writeByte(type);
        buf.writeByte(flags);
    }
}
