package dev.rhizome.hyparview.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.wire.Gossip;
import dev.rhizome.hyparview.wire.Graft;
import dev.rhizome.hyparview.wire.IHave;
import dev.rhizome.hyparview.wire.Prune;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plumtree's transitions, driven by hand. */
class PlumtreeTest {

    private static final NodeId A = new NodeId("a", "10.0.0.1", 7000, 1);
    private static final NodeId B = new NodeId("b", "10.0.0.2", 7000, 1);
    private static final NodeId C = new NodeId("c", "10.0.0.3", 7000, 1);
    private static final byte[] PAYLOAD = {42};

    private Plumtree tree;
    private final List<Long> delivered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tree = new Plumtree(new SplittableRandom(1), 100, 50, 64);
        tree.onDeliver((id, payload, hops) -> delivered.add(id));
        tree.neighborUp(A);
        tree.neighborUp(B);
        tree.neighborUp(C);
    }

    private List<Output> receive(NodeId from, Object message) {
        List<Output> out = new ArrayList<>();
        tree.onMessage(0, from, (dev.rhizome.hyparview.wire.BroadcastMessage) message, out);
        return out;
    }

    @Test
    void aFirstCopyIsDeliveredAndPushedEagerlyToEveryoneElse() {
        List<Output> out = receive(A, new Gossip(7, 0, PAYLOAD));
        assertEquals(List.of(7L), delivered);
        assertEquals(List.of(new Output.Send(B, new Gossip(7, 1, PAYLOAD)), new Output.Send(C, new Gossip(7, 1, PAYLOAD))),
                out.stream().filter(o -> o instanceof Output.Send s && s.message() instanceof Gossip).toList());
    }

    @Test
    void aDuplicatePrunesItsSenderToLazyWhichThenGetsOnlyIHaves() {
        receive(A, new Gossip(7, 0, PAYLOAD));
        List<Output> duplicate = receive(B, new Gossip(7, 0, PAYLOAD));
        assertEquals(List.of(new Output.Send(B, new Prune(7))), duplicate);
        assertEquals(1, delivered.size(), "delivered once");
        assertEquals(Set.of(B), tree.lazyPeers());
        List<Output> next = receive(A, new Gossip(8, 0, PAYLOAD));
        assertTrue(next.contains(new Output.Send(B, new IHave(8, 1))), next.toString());
        assertTrue(next.contains(new Output.Send(C, new Gossip(8, 1, PAYLOAD))));
    }

    @Test
    void aMissingMessageIsGraftedFromItsAnnouncerWhenTheTimerFires() {
        receive(A, new Prune(0));
        List<Output> announced = receive(A, new IHave(9, 3));
        assertEquals(List.of(new Output.SetTimer(new GraftTimer(9), 100)), announced);
        List<Output> fired = new ArrayList<>();
        tree.onTimer(100, new GraftTimer(9), fired);
        assertTrue(fired.contains(new Output.Send(A, new Graft(9, 3))), fired.toString());
        assertTrue(fired.contains(new Output.SetTimer(new GraftTimer(9), 150)), "retry after the graft timeout");
        assertTrue(tree.eagerPeers().contains(A), "a graft makes the link eager again");
        List<Output> arrived = receive(A, new Gossip(9, 3, PAYLOAD));
        assertTrue(arrived.contains(new Output.CancelTimer(new GraftTimer(9))));
        assertEquals(List.of(9L), delivered);
    }

    @Test
    void aGraftIsAnsweredWithTheCachedPayload() {
        receive(A, new Gossip(5, 2, PAYLOAD));
        List<Output> out = receive(B, new Graft(5, 3));
        assertEquals(List.of(new Output.Send(B, new Gossip(5, 3, PAYLOAD))), out);
    }

    @Test
    void aNeighbourThatLeavesTakesItsAnnouncementsAlong() {
        receive(A, new Prune(0));
        receive(A, new IHave(11, 1));
        tree.neighborDown(A);
        List<Output> fired = new ArrayList<>();
        tree.onTimer(100, new GraftTimer(11), fired);
        assertEquals(List.of(), fired, "nobody left to graft from");
        assertEquals(Set.of(B, C), tree.eagerPeers());
    }

    /** A tree with the optimisation at threshold 3 and neighbours A, B and C. */
    private Plumtree optimising() {
        Plumtree optimising = new Plumtree(new SplittableRandom(1), 100, 50, 64, 3);
        optimising.onDeliver((id, payload, hops) -> delivered.add(id));
        optimising.neighborUp(A);
        optimising.neighborUp(B);
        optimising.neighborUp(C);
        tree = optimising;
        return optimising;
    }

    @Test
    void aLazyLinkThatAnnouncedFarEarlierReplacesTheEagerPath() {
        Plumtree optimising = optimising();
        receive(A, new Prune(0));
        receive(A, new IHave(7, 1));
        List<Output> out = receive(B, new Gossip(7, 5, PAYLOAD));
        assertEquals(List.of(7L), delivered);
        assertTrue(out.contains(new Output.Send(A, new Graft(7, 1, true))), "graft the short link, link only: " + out);
        assertTrue(out.contains(new Output.Send(B, new Prune(7))), "prune the long one: " + out);
        assertEquals(Set.of(A, C), optimising.eagerPeers());
        assertEquals(Set.of(B), optimising.lazyPeers());
    }

    @Test
    void anAnnouncementWithinTheThresholdChangesNothing() {
        Plumtree optimising = optimising();
        receive(A, new Prune(0));
        receive(A, new IHave(7, 3));
        List<Output> out = receive(B, new Gossip(7, 5, PAYLOAD));
        assertTrue(out.stream().noneMatch(o -> o instanceof Output.Send s && (s.message() instanceof Graft
                || s.message() instanceof Prune)), out.toString());
        assertEquals(Set.of(A), optimising.lazyPeers());
    }

    @Test
    void aFarShorterAnnouncementAfterThePayloadGraftsTheLinkWithoutAskingForIt() {
        Plumtree optimising = optimising();
        receive(A, new Prune(0));
        receive(B, new Gossip(8, 6, PAYLOAD));
        List<Output> out = receive(A, new IHave(8, 2));
        assertEquals(List.of(new Output.Send(A, new Graft(8, 2, true))), out);
        assertTrue(optimising.eagerPeers().contains(A));
        assertEquals(List.of(), receive(C, new IHave(8, 5)), "C is eager already and not shorter by 3");
    }

    @Test
    void aLinkOnlyGraftMakesTheLinkEagerWithoutResendingThePayload() {
        Plumtree optimising = optimising();
        receive(A, new Gossip(5, 2, PAYLOAD));
        receive(B, new Prune(0));
        assertEquals(List.of(), receive(B, new Graft(5, 3, true)));
        assertTrue(optimising.eagerPeers().contains(B));
    }

    @Test
    void withoutAThresholdTheTreeIsNeverRearranged() {
        receive(A, new Prune(0));
        receive(A, new IHave(7, 0));
        List<Output> out = receive(B, new Gossip(7, 9, PAYLOAD));
        assertTrue(out.stream().noneMatch(o -> o instanceof Output.Send s && s.message() instanceof Graft), out.toString());
        assertEquals(Set.of(A), tree.lazyPeers());
    }
}
