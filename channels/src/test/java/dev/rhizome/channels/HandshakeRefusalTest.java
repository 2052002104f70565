package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.Hello;
import dev.rhizome.channels.wire.WireNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each refusal closes only the offending connection: afterwards a correct node still connects and
 * exchanges data, and the refusing node counted a handshake failure.
 */
class HandshakeRefusalTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    private TestNodes nodes;
    private TestNodes.Node node;

    @BeforeEach
    void startNode() {
        nodes = new TestNodes();
        node = nodes.start("server", CHANNELS, c -> c.withHandshakeTimeout(Duration.ofMillis(400)));
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    @Test
    void wrongSecretIsRefused() {
        TestNodes.Node intruder = nodes.start(new TransportConfig("intruder", TestNodes.HOST, 0, 1, TestNodes.CLUSTER,
                "a completely different secret".getBytes(StandardCharsets.UTF_8), CHANNELS, 1 << 20,
                Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(200), 1024, 4096, 1 << 20, 1));
        intruder.transport().dial(node.address());
        await().atMost(Duration.ofSeconds(5)).until(() -> !intruder.listener().dialFailures.isEmpty());
        assertTrue(intruder.listener().dialFailures.get(0).contains("proof"), intruder.listener().dialFailures.toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 1);
        assertEquals(0, node.transport().activeConnections());
        stillServesOthers();
    }

    @Test
    void wrongClusterIsRefused() {
        TransportConfig base = TestNodes.config("stranger", 0, CHANNELS);
        TestNodes.Node stranger = nodes.start(new TransportConfig(base.name(), base.host(), 0, 1, "other-cluster",
                TestNodes.SECRET, CHANNELS, base.maxFrameBytes(), base.handshakeTimeout(), base.reconnectMin(),
                base.reconnectMax(), base.lowWatermarkBytes(), base.highWatermarkBytes(), base.maxQueuedBytes(), 1));
        stranger.transport().dial(node.address());
        await().atMost(Duration.ofSeconds(5)).until(() -> !stranger.listener().dialFailures.isEmpty());
        assertTrue(stranger.listener().dialFailures.get(0).contains("wrong cluster"),
                stranger.listener().dialFailures.toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 1);
        stillServesOthers();
    }

    @Test
    void unknownVersionInTheHelloIsRefused() throws Exception {
        String reason;
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeMessage(Frames.FORMAT_VERSION, hello(TestNodes.CLUSTER, 9, ChannelSpec.DEFAULT, 0));
            reason = RawPeer.refusalIn(raw.readUntilClosed());
        }
        assertNotNull(reason);
        assertTrue(reason.contains("unsupported format version 9"), reason);
        assertFailureCountedAndStillServing();
    }

    @Test
    void unknownVersionInTheFrameHeaderIsRefused() throws Exception {
        String reason;
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeMessage(7, hello(TestNodes.CLUSTER, Frames.FORMAT_VERSION, ChannelSpec.DEFAULT, 0));
            reason = RawPeer.refusalIn(raw.readUntilClosed());
        }
        assertNotNull(reason);
        assertTrue(reason.contains("unsupported format version 7"), reason);
        assertFailureCountedAndStillServing();
    }

    @Test
    void unknownChannelAndLaneOutOfRangeAreRefused() throws Exception {
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeMessage(Frames.FORMAT_VERSION, hello(TestNodes.CLUSTER, Frames.FORMAT_VERSION, "no-such-channel", 0));
            String reason = RawPeer.refusalIn(raw.readUntilClosed());
            assertTrue(reason != null && reason.contains("unknown channel"), reason);
        }
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeMessage(Frames.FORMAT_VERSION, hello(TestNodes.CLUSTER, Frames.FORMAT_VERSION, ChannelSpec.DEFAULT, 3));
            String reason = RawPeer.refusalIn(raw.readUntilClosed());
            assertTrue(reason != null && reason.contains("out of range"), reason);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 2);
        stillServesOthers();
    }

    @Test
    void garbageBeforeTheHandshakeIsRefused() throws Exception {
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeFrame(Frames.FORMAT_VERSION, FrameType.HELLO, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x13, 0x37, 0x00, 0x7F});
            raw.readUntilClosed();
        }
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.writeFrame(Frames.FORMAT_VERSION, FrameType.DATA, "data before hello".getBytes(StandardCharsets.UTF_8));
            String reason = RawPeer.refusalIn(raw.readUntilClosed());
            assertTrue(reason != null && reason.contains("not a handshake frame"), reason);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 2);
        stillServesOthers();
    }

    @Test
    void oversizedFrameIsRefusedWithoutAllocating() throws Exception {
        try (RawPeer raw = new RawPeer(node.address())) {
            raw.write(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0x01010000).array());
            String reason = RawPeer.refusalIn(raw.readUntilClosed());
            assertTrue(reason != null && reason.contains("exceeds the maximum"), reason);
        }
        assertFailureCountedAndStillServing();
    }

    @Test
    void peerThatStallsMidHandshakeTimesOut() throws Exception {
        long start = System.nanoTime();
        try (RawPeer raw = new RawPeer(node.address())) {
            byte[] hello = ByteBuffer.allocate(6).putInt(40).put(Frames.FORMAT_VERSION).put(FrameType.HELLO).array();
            raw.write(hello);
            String reason = RawPeer.refusalIn(raw.readUntilClosed());
            assertTrue(reason != null && reason.contains("timed out"), reason);
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
        assertFailureCountedAndStillServing();
    }

    @Test
    void dialedIdentityMismatchIsRefused() {
        TestNodes.Node dialer = nodes.start("dialer", CHANNELS);
        NodeId wrong = new NodeId("someone-else", TestNodes.HOST, node.transport().self().port(), 1);
        dialer.transport().connect(wrong);
        await().atMost(Duration.ofSeconds(5)).until(() -> dialer.sum("handshake-failures") >= 1);
        dialer.transport().disconnect(wrong);
        assertEquals(0, dialer.transport().connectionCount(wrong, ChannelSpec.DEFAULT));
        stillServesOthers();
    }

    private void assertFailureCountedAndStillServing() {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 1);
        assertTrue(node.counter(ChannelSpec.DEFAULT, "unauthenticated", "handshake-failures")
                + node.counter("unknown", "unauthenticated", "handshake-failures") >= 1);
        stillServesOthers();
    }

    private void stillServesOthers() {
        TestNodes.Node good = nodes.start("good", CHANNELS);
        TestNodes.connectAndAwait(good, node);
        TestNodes.exchange(good, node);
    }

    private static Hello hello(String cluster, int version, String channel, int lane) {
        return new Hello(cluster, version, WireNode.of(new NodeId("raw", TestNodes.HOST, 1, 1)), channel, lane,
                HandshakeProof.nonce());
    }

    @SuppressWarnings("unused")
    private static UnaryOperator<TransportConfig> same() {
        return c -> c;
    }
}
