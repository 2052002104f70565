package dev.rhizome.channels.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.overlay.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Every frame type survives encoder and decoder unchanged. */
class FrameCodecTest {

    private static final WireNode NODE = WireNode.of(new NodeId("node-1", "127.0.0.1", 4370, 42));

    @Test
    void everyHandshakeFrameRoundTrips() throws Exception {
        List<ControlMessage> messages = List.of(
                new Hello("cluster", Frames.FORMAT_VERSION, NODE, "default", 3, HandshakeProof.nonce()),
                new Challenge(NODE, HandshakeProof.nonce(), new byte[32]),
                new Response(new byte[] {1, 2, 3}),
                new Accept(7),
                new Refuse(false, "wrong cluster"),
                new Refuse(true, "duplicate"));
        for (ControlMessage message : messages) {
            ByteBuf frame = roundTrip(encode(ControlFrame.of(message)));
            try {
                assertEquals(Frames.FORMAT_VERSION, frame.readByte());
                byte type = frame.readByte();
                assertEquals(ControlCodec.typeOf(message), type);
                assertEquals(0, frame.readByte());
                assertEquivalent(message, ControlCodec.decode(type, frame));
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void dataFrameRoundTrips() {
        byte[] payload = "hello, world".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuf frame = roundTrip(Frames.encodeData(ByteBufAllocator.DEFAULT, 513, payload));
        try {
            assertEquals(Frames.dataFrameLength(payload.length), frame.readableBytes());
            assertEquals(Frames.FORMAT_VERSION, frame.readByte());
            assertEquals(FrameType.DATA, frame.readByte());
            assertEquals(0, frame.readByte());
            assertEquals(513, frame.readUnsignedShort());
            byte[] read = new byte[frame.readableBytes()];
            frame.readBytes(read);
            assertArrayEquals(payload, read);
        } finally {
            frame.release();
        }
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        ByteBuf encoded = Frames.encodeData(ByteBufAllocator.DEFAULT, 1, new byte[100]);
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1024));
        for (int i = 0; i < encoded.readableBytes(); i += 7) {
            decoder.writeInbound(encoded.retainedSlice(i, Math.min(7, encoded.readableBytes() - i)));
        }
        encoded.release();
        ByteBuf frame = decoder.readInbound();
        assertNotNull(frame);
        assertEquals(Frames.dataFrameLength(100), frame.readableBytes());
        frame.release();
        assertFalse(decoder.finish());
    }

    @Test
    void oversizedLengthIsAnErrorBeforeAnyAllocation() {
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf big = ByteBufAllocator.DEFAULT.buffer(8).writeInt(1025).writeInt(0);
        try {
            decoder.writeInbound(big);
            throw new AssertionError("expected a ProtocolException");
        } catch (ProtocolException expected) {
            assertTrue(expected.getMessage().contains("exceeds the maximum of 1024"));
        }
        decoder.finishAndReleaseAll();
    }

    private static ByteBuf encode(ControlFrame frame) {
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());
        assertTrue(encoder.writeOutbound(frame));
        ByteBuf bytes = encoder.readOutbound();
        assertFalse(encoder.finish());
        return bytes;
    }

    private static ByteBuf roundTrip(ByteBuf encoded) {
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1 << 20));
        assertTrue(decoder.writeInbound(encoded));
        ByteBuf frame = decoder.readInbound();
        assertFalse(decoder.finish());
        return frame;
    }

    private static void assertEquivalent(Object expected, Object actual) throws Exception {
        assertEquals(expected.getClass(), actual.getClass());
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object e = component.getAccessor().invoke(expected);
            Object a = component.getAccessor().invoke(actual);
            if (e instanceof byte[] eb) {
                assertTrue(Arrays.equals(eb, (byte[]) a), component.getName());
            } else {
                assertTrue(Objects.equals(e, a), component.getName() + ": " + e + " vs " + a);
            }
        }
    }
}
