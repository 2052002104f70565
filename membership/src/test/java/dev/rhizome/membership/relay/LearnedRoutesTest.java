package dev.rhizome.membership.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learned paths: kept per destination, restricted along a lost link, bounded; and the relay frames' wire form. */
class LearnedRoutesTest {

    private static NodeId node(String name) {
        return new NodeId(name, "127.0.0.1", 7000 + name.charAt(0), 1);
    }

    private final NodeId a = node("a");
    private final NodeId b = node("b");
    private final NodeId c = node("c");
    private final NodeId d = node("d");
    private final NodeId e = node("e");

    @Test
    void aLostLinkDropsExactlyThePathsThatUseIt() {
        LearnedRoutes learned = new LearnedRoutes(a, 16);
        learned.remember(List.of(a, b, c, d));
        learned.remember(List.of(a, e, c));
        learned.remember(List.of(a, b, e));
        assertEquals("a -[x]-> b -[x]-> c -[x]-> d", learned.route(d, "x").orElseThrow().toString());

        assertEquals(2, learned.linkDown(b));

        assertTrue(learned.route(d, "x").isEmpty());
        assertTrue(learned.route(e, "x").isEmpty());
        assertEquals("a -[x]-> e -[x]-> c", learned.route(c, "x").orElseThrow().toString());
        assertEquals(0, learned.linkDown(d), "d is no neighbour of a: no path starts over a — d");
    }

    @Test
    void theLeastRecentlyUsedPathGoesFirstAndBadPathsAreRefused() {
        LearnedRoutes learned = new LearnedRoutes(a, 2);
        learned.remember(List.of(a, b, c));
        learned.remember(List.of(a, b, d));
        learned.route(c, "x");
        learned.remember(List.of(a, e, b));
        assertEquals(2, learned.size());
        assertTrue(learned.route(d, "x").isEmpty(), "d's path was the least recently used");
        assertThrows(IllegalArgumentException.class, () -> learned.remember(List.of(b, c)));
        assertThrows(IllegalArgumentException.class, () -> learned.remember(List.of(a, a, c)));
    }

    @Test
    void relayFramesSurviveTheWire() {
        RelayCodec codec = new RelayCodec();
        RelayEnvelope envelope = new RelayEnvelope(List.of(WireNode.of(a), WireNode.of(b), WireNode.of(c)),
                List.of("chat", "bulk"), 1, 15, 17, 42L, new byte[] {1, 2, 3});
        RelayEnvelope back = (RelayEnvelope) codec.decode(codec.encode(envelope));
        assertEquals(envelope.path(), back.path());
        assertEquals(envelope.channels(), back.channels());
        assertEquals(List.of(1, 15, 17, 42L), List.of(back.hop(), back.ttl(), back.codecId(), back.partitionKey()));
        assertArrayEquals(envelope.payload(), back.payload());
        RouteProbe probe = new RouteProbe(9, WireNode.of(d), List.of(WireNode.of(a)), 3);
        assertEquals(probe, codec.decode(codec.encode(probe)));
        RouteLost lost = new RouteLost(WireNode.of(d), List.of(WireNode.of(a), WireNode.of(b)), 0);
        assertEquals(lost, codec.decode(codec.encode(lost)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {9, 9, 9}));
    }
}
