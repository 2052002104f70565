package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.SendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown writes what is queued before it closes, and refuses new sends. */
class GracefulShutdownTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void queuedMessagesAreDeliveredBeforeClosing() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS);
            TestNodes.Node b = nodes.start("b", CHANNELS);
            TestNodes.connectAndAwait(a, b);
            int count = 5_000;
            List<CompletableFuture<Void>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                futures.add(a.transport().send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0,
                        new byte[1024]).toCompletableFuture());
            }
            CompletableFuture<Void> stopped = a.transport().shutdown(Duration.ofSeconds(5)).toCompletableFuture();
            CompletableFuture<Void> late = a.transport()
                    .send(b.transport().self(), ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[1]).toCompletableFuture();
            stopped.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.listener().dataCount.get() == count);
            assertTrue(late.isCompletedExceptionally());
            try {
                late.join();
            } catch (CompletionException e) {
                assertEquals(SendException.Reason.SHUTDOWN, ((SendException) e.getCause()).reason());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> b.listener().downs.contains("a/" + ChannelSpec.DEFAULT));
            assertEquals(0, a.transport().activeConnections());
        }
    }
}
