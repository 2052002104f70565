package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.channels.wire.Challenge;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.Hello;
import dev.rhizome.channels.wire.WireNode;
import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version 2 of the frame format added DATA flags (compression, sequence numbers, de-duplication) and
 * ACK frames, which a version-1 node would misread. A mismatch in either direction fails the handshake
 * with a reason that names both versions, before any DATA frame is exchanged.
 */
class FormatVersionTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));
    private static final int OLD = 1;

    @Test
    void theFormatVersionWasBumpedForTheNewFlags() {
        assertEquals(2, Frames.FORMAT_VERSION);
        assertEquals(0x07, Frames.KNOWN_DATA_FLAGS);
    }

    @Test
    void anOldDialerIsRefusedWithBothVersionsNamed() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node node = nodes.start("new", CHANNELS);
            String reason;
            try (RawPeer old = new RawPeer(node.address())) {
                old.writeMessage(OLD, new Hello(TestNodes.CLUSTER, OLD, WireNode.of(new NodeId("old", TestNodes.HOST, 1, 1)),
                        ChannelSpec.DEFAULT, 0, HandshakeProof.nonce()));
                reason = RawPeer.refusalIn(old.readUntilClosed());
            }
            assertNotNull(reason, "a REFUSE frame with the reason");
            assertTrue(reason.contains("unsupported format version 1; this node speaks 2"), reason);
            await().atMost(Duration.ofSeconds(5)).until(() -> node.sum("handshake-failures") >= 1);
            assertEquals(0, node.transport().activeConnections());
        }
    }

    @Test
    void aNewDialerRefusesAnOldAcceptorWithBothVersionsNamed() throws Exception {
        try (TestNodes nodes = new TestNodes();
             ServerSocket oldAcceptor = new ServerSocket(0, 1, InetAddress.getByName(TestNodes.HOST))) {
            TestNodes.Node node = nodes.start("new", CHANNELS);
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> answerLikeAnOldNode(oldAcceptor));
            node.transport().dial(new InetSocketAddress(TestNodes.HOST, oldAcceptor.getLocalPort()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !node.listener().dialFailures.isEmpty());
            String reason = node.listener().dialFailures.get(0);
            assertTrue(reason.contains("unsupported format version 1; this node speaks 2"), reason);
            assertEquals(0, node.transport().activeConnections());
            acceptor.join(5_000);
        }
    }

    /** Reads the HELLO and answers with a CHALLENGE in a version-1 frame, as a node built before the bump would. */
    private static void answerLikeAnOldNode(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] hello = new byte[in.readInt()];
            in.readFully(hello);
            byte[] body = dev.rhizome.channels.wire.ControlCodec.encode(new Challenge(
                    WireNode.of(new NodeId("old", TestNodes.HOST, server.getLocalPort(), 1)), HandshakeProof.nonce(),
                    new byte[32]));
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(Frames.LENGTH_BYTES + Frames.HEADER_BYTES + body.length)
                    .putInt(Frames.HEADER_BYTES + body.length).put((byte) OLD)
                    .put(dev.rhizome.channels.wire.FrameType.CHALLENGE).put((byte) 0).put(body).array());
            out.flush();
            for (int i = 0; i < 1_000 && in.read() >= 0; i++) {
                // until the new node closes
            }
        } catch (java.io.IOException e) {
            // the new node closed the connection: expected
        }
    }
}
