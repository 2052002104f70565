package dev.rhizome.clientserver.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rhizome.clientserver.ClientServerSettings;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-server routing over real Netty on 127.0.0.1: a client's message to a client of another server
 * goes client → server → server → client and the reply comes back the same way; a client that dials
 * another client is refused in the handshake, with the refusal counted.
 */
class ClientServerRelayTest {

    private final List<RhizomeNode> nodes = new ArrayList<>();

    /** {@code node}'s entry in a server list: nodes listen on ephemeral ports and name the ones already up. */
    private static String at(RhizomeNode node) {
        return node.self().name() + "@127.0.0.1:" + node.self().port();
    }

    private RhizomeNode start(String name, String role, String servers) {
        RhizomeNode node = (RhizomeNode) Rhizome.start(OverlayConfig.builder(name).host("127.0.0.1").port(0)
                .cookie("client-server-relay-test").topology("client-server")
                .channel(ChannelSpec.of("chat"))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set(ClientServerSettings.ROLE, role)
                .set(ClientServerSettings.SERVERS, servers)
                .set(ClientServerSettings.REDIAL_INTERVAL, "100")
                .build());
        nodes.add(node);
        return node;
    }

    private static boolean chatUp(RhizomeNode x, RhizomeNode y) {
        return x.connectionCount(y.self(), "chat") > 0 && y.connectionCount(x.self(), "chat") > 0;
    }

    @Test
    void clientToClientGoesThroughBothServersAndTheReplyComesBackTheSameWay() throws Exception {
        RhizomeNode s0 = start("s0", "server", "");
        RhizomeNode s1 = start("s1", "server", at(s0));
        RhizomeNode c0 = start("c0", "client", at(s0));
        RhizomeNode c1 = start("c1", "client", at(s1));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.stream().allMatch(node -> node.members().size() == 4)
                        && chatUp(c0, s0) && chatUp(s0, s1) && chatUp(s1, c1));
        List<Delivery> atC1 = new CopyOnWriteArrayList<>();
        List<Delivery> atC0 = new CopyOnWriteArrayList<>();
        c1.onReceive("chat", message -> {
            atC1.add(message);
            c1.send(message.from(), "chat", "pong".getBytes(UTF_8));
        });
        c0.onReceive("chat", atC0::add);
        NodeId c1AtC0 = c0.member("c1").orElseThrow();

        c0.send(c1AtC0, "chat", "ping".getBytes(UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> atC0.size() == 1);
        assertEquals(c0.self(), atC1.get(0).from(), "c1 sees c0 as the sender");
        assertEquals("pong", new String(atC0.get(0).bytes(), UTF_8));
        assertEquals("c0 -[chat]-> s0 -[chat]-> s1 -[chat]-> c1",
                c1.relayRoute(c0.self(), "chat").orElseThrow().reverse().toString());
        assertEquals(2, s0.metrics().counter("relay.forwarded").getCount());
        assertEquals(2, s1.metrics().counter("relay.forwarded").getCount());
        assertEquals(1, s0.metrics().counter("channel.chat.peer.s1.relayed").getCount());
        assertEquals(1, s1.metrics().counter("channel.chat.peer.s0.relayed").getCount());
    }

    @Test
    void aClientThatDialsAnotherClientIsRefusedInTheHandshake() throws Exception {
        RhizomeNode s0 = start("s0", "server", "");
        RhizomeNode c0 = start("c0", "client", at(s0));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> c0.members().size() == 2);
        // c9 is misconfigured: it takes the client c0 for its server
        RhizomeNode c9 = start("c9", "client", at(c0));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> c0.metrics().counter("membership.refused-dialers").getCount() >= 2);
        assertEquals(1, c9.members().size(), "c9 never got into the overlay through a client");
        assertEquals(0, c0.connectionCount(c9.self(), ChannelSpec.CONTROL));
        assertFalse(c0.members().contains(c9.self()));
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
