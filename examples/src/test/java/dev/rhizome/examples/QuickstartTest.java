package dev.rhizome.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's quickstart, verbatim apart from collecting into a list instead of printing. Keep them in step. */
class QuickstartTest {

    @Test
    void readmeQuickstart() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();

        // --- README quickstart begins ---
        OverlayConfig aliceConfig = OverlayConfig.builder("alice")   // host 127.0.0.1, any free port
                .cookie("change-me")                                 // the shared secret (default: ~/.rhizome/cookie)
                .channel(ChannelSpec.of("chat"))
                .build();
        OverlayConfig bobConfig = OverlayConfig.builder("bob")
                .cookie("change-me")
                .channel(ChannelSpec.of("chat"))
                .build();

        try (Overlay alice = Rhizome.start(aliceConfig);
             Overlay bob = Rhizome.start(bobConfig)) {
            // Register handlers before joining, so nothing arrives unheard.
            bob.onReceive("chat", message ->
                    printed.add(message.from().name() + " says " + new String(message.bytes(), UTF_8)));
            // Each channel connects to each member; say hello as soon as it is up.
            alice.onChannelUp("chat", (peer, reason) ->
                    alice.send(peer, "chat", "hello".getBytes(UTF_8)));

            bob.join(alice.self().address()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.out.println(bob.members());                      // [alice@127.0.0.1:…, bob@127.0.0.1:…]
            // --- README quickstart ends ---

            await().atMost(Duration.ofSeconds(10)).until(() -> printed.contains("alice says hello"));
            assertEquals(List.of("alice", "bob"), bob.members().stream().map(n -> n.name()).toList());
        }
    }
}
