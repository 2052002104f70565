package dev.rhizome.fullmesh.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.SendException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** User payloads between real nodes: ProtoStream objects, ByteBuffers, failing handlers, bad sends. */
class PayloadTest {

    @Test
    void protoStreamObjectsAndByteBuffersArriveAndAThrowingHandlerHarmsNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster(b -> b.schema(new ChatSchemaImpl()))) {
            RhizomeNode a = cluster.start("a");
            RhizomeNode b = cluster.start("b");
            LocalCluster.awaitConverged(List.of(a, b), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.connectionCount(b.self(), "chat") == 1);
            List<Delivery> received = new CopyOnWriteArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            b.onReceive("chat", d -> {
                failures.incrementAndGet();
                throw new IllegalStateException("a handler bug");
            });
            b.onReceive("chat", received::add);

            ChatMessage message = new ChatMessage("lobby", "hello", 7);
            a.send(b.self(), "chat", message).toCompletableFuture().get(5, TimeUnit.SECONDS);
            a.send(b.self(), "chat", ByteBuffer.wrap(new byte[] {1, 2, 3})).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(a.trySend(b.self(), "chat", new ChatMessage("lobby", "again", 8)));
            a.sendBlocking(b.self(), "chat", new byte[] {9});

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
            assertEquals(message, received.get(0).as(ChatMessage.class));
            assertEquals(a.self(), received.get(0).from());
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) received.get(1).decode());
            assertEquals("again", received.get(2).as(ChatMessage.class).text());
            assertArrayEquals(new byte[] {9}, received.get(3).bytes());
            assertEquals(4, failures.get());
            assertEquals(4, b.metrics().counter("channel.chat.peer.a.handler-errors").getCount());
            assertEquals(2, b.members().size(), "the node keeps serving");
        }
    }

    @Test
    void sendsThatCannotHappenFailVisibly() {
        try (LocalCluster cluster = new LocalCluster(b -> b)) {
            RhizomeNode a = cluster.start("a");
            RhizomeNode b = cluster.start("b");
            LocalCluster.awaitConverged(List.of(a, b), Duration.ofSeconds(20));
            CompletionException unencodable = assertThrows(CompletionException.class,
                    () -> a.send(b.self(), "chat", new Object()).toCompletableFuture().join());
            assertEquals(SendException.Reason.ENCODING, ((SendException) unencodable.getCause()).reason());
            CompletionException unknownChannel = assertThrows(CompletionException.class,
                    () -> a.send(b.self(), "nosuch", new byte[1]).toCompletableFuture().join());
            assertEquals(SendException.Reason.UNKNOWN_CHANNEL, ((SendException) unknownChannel.getCause()).reason());
            assertThrows(IllegalArgumentException.class, () -> a.onReceive("nosuch", d -> {}));
        }
    }
}
