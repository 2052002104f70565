package dev.rhizome.statictopology.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.NoRouteException;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.statictopology.StaticSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transitive send over real Netty on the static line a — b — c — d: a message from a to d is relayed by
 * b and c, d sees a as the sender and its reply takes the reverse route; a TTL too small drops the
 * message at the relay where it runs out; a node outside the overlay fails the send with a no-route
 * error naming it. Every relay counts what it did, over JMX too.
 */
class StaticRelayTest {

    private final List<RhizomeNode> nodes = new ArrayList<>();
    private RhizomeNode a;
    private RhizomeNode b;
    private RhizomeNode c;
    private RhizomeNode d;

    /** {@code node}'s entry in a peer list: nodes listen on ephemeral ports and name the ones already up. */
    private static String peer(RhizomeNode node) {
        return node.self().name() + "@127.0.0.1:" + node.self().port();
    }

    private RhizomeNode start(String name, String peers, int routeTtl) {
        RhizomeNode node = (RhizomeNode) Rhizome.start(OverlayConfig.builder(name).host("127.0.0.1").port(0)
                .cookie("static-relay-test").topology("static").channel(dev.rhizome.overlay.ChannelSpec.of("chat"))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set(StaticSettings.PEERS, peers)
                .set(StaticSettings.REDIAL_INTERVAL, "100")
                .routeTtl(routeTtl)
                .build());
        nodes.add(node);
        return node;
    }

    /** The line a — b — c — d; a's messages may travel {@code ttlOfA} hops. */
    private void line(int ttlOfA) {
        d = start("d", "", 16);
        c = start("c", peer(d), 16);
        b = start("b", peer(c), 16);
        a = start("a", peer(b), ttlOfA);
        awaitFormed(() -> chatUp(a, b) && chatUp(b, c) && chatUp(c, d));
    }

    /** Waits until every node sees all four and {@code linksUp}; on a timeout, says what was missing. */
    private void awaitFormed(java.util.function.BooleanSupplier linksUp) {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> nodes.stream().allMatch(node -> node.members().size() == 4) && linksUp.getAsBoolean());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder("the graph did not form:");
            for (RhizomeNode node : nodes) {
                state.append("\n  ").append(node.self().name()).append(" members ").append(node.members().size());
                for (RhizomeNode other : nodes) {
                    if (other != node) {
                        state.append(", ").append(other.self().name()).append(" control/chat ")
                                .append(node.connectionCount(other.self(), dev.rhizome.overlay.ChannelSpec.CONTROL)).append('/')
                                .append(node.connectionCount(other.self(), "chat"));
                    }
                }
            }
            throw new AssertionError(state.toString(), e);
        }
    }

    private static boolean chatUp(RhizomeNode x, RhizomeNode y) {
        return x.connectionCount(y.self(), "chat") > 0 && y.connectionCount(x.self(), "chat") > 0;
    }

    private static long count(RhizomeNode node, String metric) {
        return node.metrics().counter(metric).getCount();
    }

    @Test
    void aMessageCrossesTheLineAndTheReplyTakesTheReverseRoute() throws Exception {
        line(16);
        List<Delivery> atD = new CopyOnWriteArrayList<>();
        List<Delivery> atA = new CopyOnWriteArrayList<>();
        d.onReceive("chat", message -> {
            atD.add(message);
            d.send(message.from(), "chat", ("re: " + new String(message.bytes(), UTF_8)).getBytes(UTF_8));
        });
        a.onReceive("chat", atA::add);
        NodeId dAtA = a.member("d").orElseThrow();
        assertEquals(0, a.connectionCount(dAtA, "chat"), "a and d are not neighbours");

        a.send(dAtA, "chat", "hello".getBytes(UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> atA.size() == 1);
        assertEquals(a.self(), atD.get(0).from(), "d sees the original sender");
        assertEquals("hello", new String(atD.get(0).bytes(), UTF_8));
        assertEquals(d.self(), atA.get(0).from());
        assertEquals("re: hello", new String(atA.get(0).bytes(), UTF_8));
        assertEquals("a -[chat]-> b -[chat]-> c -[chat]-> d",
                d.relayRoute(a.self(), "chat").orElseThrow().reverse().toString(), "d's reply route is the reverse of a's");

        // each relay forwarded both ways, each end originated one and delivered one
        assertEquals(1, count(a, "relay.originated"));
        assertEquals(1, count(d, "relay.originated"));
        assertEquals(2, count(b, "relay.forwarded"));
        assertEquals(2, count(c, "relay.forwarded"));
        assertEquals(1, count(d, "relay.delivered"));
        assertEquals(1, count(a, "relay.delivered"));
        // per hop: b relayed one frame to c and one to a on chat
        assertEquals(1, count(b, "channel.chat.peer.c.relayed"));
        assertEquals(1, count(b, "channel.chat.peer.a.relayed"));
        Object overJmx = ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("dev.rhizome:type=Node,node=b,name=forwarded"), "Count");
        assertEquals(2L, overJmx);
    }

    @Test
    void aMessageWhoseTtlRunsOutIsDroppedAndCountedWhereItRanOut() throws Exception {
        line(2);
        List<Delivery> atD = new CopyOnWriteArrayList<>();
        d.onReceive("chat", atD::add);

        a.send(a.member("d").orElseThrow(), "chat", "too far".getBytes(UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> count(c, "relay.ttl-expired") == 1);
        assertEquals(1, count(b, "relay.forwarded"));
        assertEquals(0, count(c, "relay.forwarded"));
        assertEquals(0, count(d, "relay.delivered"));
        assertTrue(atD.isEmpty());
    }

    @Test
    void aNodeOutsideTheOverlayFailsTheSendWithANoRouteErrorNamingIt() throws Exception {
        line(16);
        NodeId stranger = new NodeId("stranger", "127.0.0.1", 1, 1);
        CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> a.send(stranger, "chat", new byte[] {1}).toCompletableFuture().join());
        NoRouteException noRoute = assertInstanceOf(NoRouteException.class, failure.getCause());
        assertEquals(SendException.Reason.NO_ROUTE, noRoute.reason());
        assertEquals(stranger, noRoute.destination());
        assertTrue(noRoute.getMessage().contains("stranger"), noRoute.getMessage());
        assertEquals(1, count(a, "relay.no-route"));
    }

    @Test
    void aRelayThatLosesAMessageTellsTheOriginWhichForgetsItsPath() throws Exception {
        line(16);
        List<Delivery> atD = new CopyOnWriteArrayList<>();
        d.onReceive("chat", atD::add);
        a.send(a.member("d").orElseThrow(), "chat", new byte[] {1}).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> d.relayRoute(a.self(), "chat").isPresent());

        b.halt();
        await().atMost(Duration.ofSeconds(10)).until(() -> c.connectionCount(b.self(), "chat") == 0);
        // d's learned reply path d → c → b → a still starts with a live link; c cannot go on and says so
        d.send(a.self(), "chat", new byte[] {2}).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> d.relayRoute(a.self(), "chat").isEmpty());
        assertEquals(1, count(d, "relay.routes-lost"));
        assertEquals(1, count(c, "relay.no-route"));
        CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> d.send(a.self(), "chat", new byte[] {3}).toCompletableFuture().join());
        assertInstanceOf(NoRouteException.class, failure.getCause());
    }

    @Test
    void aCachedRouteThroughAHaltedNodeIsDroppedAndRecomputedAroundIt() throws Exception {
        // the square a — b — c — d — a: a reaches c through b (b sorts before d) until b halts
        c = start("c", "", 16);
        b = start("b", peer(c), 16);
        d = start("d", peer(c), 16);
        a = start("a", peer(b) + "," + peer(d), 16);
        awaitFormed(() -> chatUp(a, b) && chatUp(b, c) && chatUp(c, d) && chatUp(d, a));
        List<Delivery> atC = new CopyOnWriteArrayList<>();
        c.onReceive("chat", atC::add);
        NodeId cAtA = a.member("c").orElseThrow();
        a.send(cAtA, "chat", new byte[] {1}).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> atC.size() == 1);
        assertEquals(1, count(b, "relay.forwarded"), "the cached route a → b → c");

        b.halt();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> a.members().size() == 3);
        a.send(cAtA, "chat", new byte[] {2}).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> atC.size() == 2);
        assertEquals(1, count(d, "relay.forwarded"), "recomputed around b: a → d → c");
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
