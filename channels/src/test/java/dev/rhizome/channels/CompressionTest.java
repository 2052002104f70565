package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.Compression;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.ProtocolException;
import dev.rhizome.overlay.ChannelSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-channel Snappy compression: round-trips, applies above the threshold only, and shrinks the wire bytes. */
class CompressionTest {

    private static final String ZIP = "zip";
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ZIP));
    private static final Map<String, ChannelOptions> OPTIONS =
            Map.of(ZIP, ChannelOptions.DEFAULT.withCompression(Compression.SNAPPY, 256));

    @Test
    void compressesAboveTheThresholdAndTheWireBytesShrink() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS, c -> c.withChannelOptions(OPTIONS));
            TestNodes.Node b = nodes.start("b", CHANNELS, c -> c.withChannelOptions(OPTIONS));
            TestNodes.connectAndAwait(a, b);
            byte[] text = "the quick brown fox jumps over the lazy dog; ".repeat(1500).getBytes(StandardCharsets.UTF_8);
            byte[] small = new byte[100];
            byte[] noise = new byte[4096];
            new Random(42).nextBytes(noise);

            assertEquals(text.length, roundTrip(a, b, text, 1), "payload bytes");
            long wireBig = bytesIn(b);
            assertTrue(wireBig < text.length / 10, "a " + text.length + "-byte text took " + wireBig + " bytes on the wire");

            roundTrip(a, b, small, 2);
            assertEquals(4 + Frames.dataFrameLength(small.length), bytesIn(b) - wireBig, "below the threshold: uncompressed");

            long before = bytesIn(b);
            roundTrip(a, b, noise, 3);
            assertEquals(4 + Frames.dataFrameLength(noise.length), bytesIn(b) - before, "incompressible: sent as it is");
        }
    }

    @Test
    void aForgedLengthIsRefusedBeforeAllocating() {
        ByteBuf block = Unpooled.buffer();
        block.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x00});
        try {
            assertThrows(ProtocolException.class, () -> Frames.decompress(block, 1 << 20));
        } finally {
            block.release();
        }
    }

    private static int roundTrip(TestNodes.Node a, TestNodes.Node b, byte[] payload, int codec) {
        a.transport().send(b.transport().self(), ZIP, Transport.NO_KEY, codec, payload).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.listener().received.stream().anyMatch(r -> r.codecId() == codec));
        RecordingListener.Received r = b.listener().received.stream().filter(x -> x.codecId() == codec).findFirst().orElseThrow();
        assertArrayEquals(payload, r.payload());
        await().atMost(Duration.ofSeconds(10)).until(() -> b.registry().meter("channel." + ZIP + ".peer.a.messages-in").getCount() >= codec);
        return r.payload().length;
    }

    private static long bytesIn(TestNodes.Node b) {
        return b.counter(ZIP, "a", "bytes-in");
    }
}
