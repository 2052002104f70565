package dev.rhizome.channels.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.handshake.HandshakeHandler;
import dev.rhizome.channels.handshake.HandshakeOutcome;
import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.channels.handshake.HandshakeSettings;
import dev.rhizome.channels.testing.NettyLeakExtension;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input never escapes the decoder as an exception and never leaks: random bytes, truncated
 * frames and oversized length prefixes end in a handled error (and a closed channel) or in frames.
 */
class FrameDecoderPropertyTest {

    private static final int MAX = 1024;

    static {
        NettyLeakExtension.install();
    }

    /** Releases frames, records errors and closes, like the real pipeline's last handler. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final List<Throwable> errors = new ArrayList<>();
        int frames;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            ((ByteBuf) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
            ctx.close();
        }
    }

    @Property(tries = 300)
    void randomBytesNeverEscape(@ForAll @Size(max = 300) List<@Size(max = 64) byte[]> chunks) {
        Sink sink = new Sink();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX), sink);
        feed(channel, chunks);
        channel.finishAndReleaseAll();
        for (Throwable error : sink.errors) {
            assertTrue(error instanceof ProtocolException, error.toString());
        }
    }

    @Property(tries = 200)
    void truncatedFramesAreReportedAtEndOfStream(@ForAll @IntRange(min = 0, max = 200) int payload,
            @ForAll @IntRange(min = 1, max = 204) int cut) {
        ByteBuf whole = Frames.encodeData(ByteBufAllocator.DEFAULT, 1, new byte[payload]);
        int keep = Math.max(1, whole.readableBytes() - cut);
        ByteBuf truncated = whole.retainedSlice(0, keep);
        whole.release();
        Sink sink = new Sink();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX), sink);
        channel.writeInbound(truncated);
        channel.finishAndReleaseAll();
        assertTrue(sink.frames == 0, "no frame from a truncated one");
        assertTrue(sink.errors.size() == 1 && sink.errors.get(0).getMessage().contains("truncated"), sink.errors.toString());
    }

    @Property(tries = 200)
    void oversizedPrefixesAreRefused(@ForAll("oversized") int length, @ForAll @Size(max = 32) byte[] rest) {
        Sink sink = new Sink();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX), sink);
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer(4 + rest.length).writeInt(length).writeBytes(rest);
        channel.writeInbound(in);
        assertFalse(channel.isOpen());
        assertTrue(sink.errors.size() == 1 && sink.errors.get(0) instanceof ProtocolException);
        channel.finishAndReleaseAll();
    }

    @Property(tries = 150)
    void randomBytesNeverCompleteAHandshake(@ForAll @Size(max = 20) List<@Size(max = 64) byte[]> chunks) {
        NodeId self = new NodeId("acceptor", "127.0.0.1", 4370, 1);
        HandshakeSettings settings = new HandshakeSettings(self, "cluster",
                new HandshakeProof("secret-secret".getBytes(StandardCharsets.UTF_8)),
                Map.of(ChannelSpec.DEFAULT, ChannelSpec.of(ChannelSpec.DEFAULT)), Duration.ofSeconds(5));
        boolean[] established = new boolean[1];
        HandshakeOutcome outcome = new HandshakeOutcome() {
            @Override
            public String admit(NodeId peer, String channel, int lane) {
                return null;
            }

            @Override
            public void established(NodeId peer, String channel, int lane) {
                established[0] = true;
            }

            @Override
            public void failed(NodeId peer, String channel, String reason, boolean duplicate) {
            }
        };
        Sink sink = new Sink();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX), new FrameEncoder(),
                HandshakeHandler.acceptor(settings, outcome), sink);
        feed(channel, chunks);
        channel.finishAndReleaseAll();
        assertFalse(established[0]);
        assertTrue(sink.frames == 0, "nothing passes the handshake handler");
    }

    @Provide
    Arbitrary<Integer> oversized() {
        return Arbitraries.oneOf(Arbitraries.integers().between(MAX + 1, Integer.MAX_VALUE),
                Arbitraries.integers().between(Integer.MIN_VALUE, Frames.HEADER_BYTES - 1));
    }

    private static void feed(EmbeddedChannel channel, List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            if (!channel.isOpen()) {
                break;
            }
            channel.writeInbound(ByteBufAllocator.DEFAULT.buffer(chunk.length).writeBytes(chunk));
        }
    }

    @AfterContainer
    static void noLeaks() {
        NettyLeakExtension.assertNoLeaks();
    }
}
