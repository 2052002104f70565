package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.overlay.ChannelSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Malformed frames after an authenticated handshake close only that connection and count a protocol
 * error; a failing listener is counted and keeps the connection.
 */
class ProtocolErrorTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void unknownFrameTypeClosesTheConnection() throws Exception {
        assertClosedWithProtocolError(buf -> {
            Frames.writeHeader(buf, 2, Frames.FORMAT_VERSION, (byte) 99, (byte) 0);
            buf.writeShort(0);
        });
    }

    @Test
    void badVersionAfterTheHandshakeClosesTheConnection() throws Exception {
        assertClosedWithProtocolError(buf -> {
            Frames.writeHeader(buf, 3, (byte) 9, FrameType.DATA, (byte) 0);
            buf.writeShort(0).writeByte(1);
        });
    }

    @Test
    void truncatedDataBodyClosesTheConnection() throws Exception {
        assertClosedWithProtocolError(buf -> {
            Frames.writeHeader(buf, 1, Frames.FORMAT_VERSION, FrameType.DATA, (byte) 0);
            buf.writeByte(0);
        });
    }

    @Test
    void oversizedFrameAfterTheHandshakeClosesTheConnection() throws Exception {
        assertClosedWithProtocolError(buf -> buf.writeInt(Integer.MAX_VALUE).writeInt(0));
    }

    @Test
    void aFailingListenerIsCountedAndKeepsTheConnection() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            b.listener().throwOnData = true;
            for (int i = 0; i < 3; i++) {
                a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[] {(byte) i});
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> b.counter(ChannelSpec.DEFAULT, "a", "handler-errors") == 3);
            b.listener().throwOnData = false;
            assertEquals(1, b.transport().connectionCount(a.transport().self(), ChannelSpec.DEFAULT));
            TestNodes.exchange(a, b);
        }
    }

    private void assertClosedWithProtocolError(Consumer<ByteBuf> malformed) throws Exception {
        try (TestNodes nodes = new TestNodes(); RogueClient rogue = new RogueClient("rogue")) {
            TestNodes.Node node = nodes.start("server", CHANNELS);
            Channel ch = rogue.connect(node.address(), ChannelSpec.DEFAULT, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> node.transport().activeConnections() == 1);
            ByteBuf ok = Frames.encodeData(ch.alloc(), 3, "fine".getBytes(StandardCharsets.UTF_8));
            ch.writeAndFlush(ok).sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.listener().dataCount.get() == 1);
            ByteBuf bad = Unpooled.buffer();
            malformed.accept(bad);
            ch.writeAndFlush(bad).sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> !ch.isActive());
            await().atMost(Duration.ofSeconds(5)).until(() -> node.counter(ChannelSpec.DEFAULT, "rogue", "protocol-errors") == 1);
            assertEquals(0, node.transport().activeConnections());
            TestNodes.Node good = nodes.start("good", CHANNELS);
            TestNodes.connectAndAwait(good, node);
            TestNodes.exchange(good, node);
            assertTrue(node.listener().countFrom("good", ChannelSpec.DEFAULT) >= 1);
        }
    }
}
