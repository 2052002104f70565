package dev.rhizome.hyparview;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.wire.DisconnectNotice;
import dev.rhizome.hyparview.wire.ForwardJoin;
import dev.rhizome.hyparview.wire.IHave;
import dev.rhizome.hyparview.wire.Shuffle;
import dev.rhizome.hyparview.wire.WirePeer;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Races the real runtime hits under load and a hand-driven node must settle: each node ends up holding
 * connections to its neighbours only, and active views stay symmetric.
 */
class ConnectionHygieneTest {

    private static final NodeId CONTACT = Driver.node("contact");
    private static final NodeId JOINER = Driver.node("joiner");
    private static final NodeId P2 = Driver.node("p2");

    private static boolean disconnects(List<Output> out, NodeId peer) {
        return out.contains(new Output.Disconnect(peer));
    }

    private static boolean sendsDisconnectNotice(List<Output> out, NodeId peer) {
        return out.stream().anyMatch(o -> o instanceof Output.Send s && s.to().equals(peer)
                && s.message() instanceof DisconnectNotice notice && !notice.leaving());
    }

    @Test
    void aDialThatCompletesAfterItsRequestTimedOutIsClosed() {
        Driver node = new Driver("p1");
        node.befriend(CONTACT, 1);
        List<Output> walk = node.receive(CONTACT, new ForwardJoin(WirePeer.of(JOINER), 0));
        assertTrue(walk.contains(new Output.Dial(JOINER.address())), walk.toString());
        node.in(new Input.TimerFired(new HyParViewProtocol.NeighborTimeout(JOINER.hostPort())));

        List<Output> late = node.in(new Input.ConnectionUp(JOINER));

        assertTrue(disconnects(late, JOINER), "whoever dials closes, also after giving up: " + late);
        assertFalse(node.protocol.activeView().contains(JOINER));
    }

    @Test
    void aPeerThatTreatsThisNodeAsANeighbourWithoutBeingOneIsToldToDisconnect() {
        Driver node = new Driver("p1");
        node.befriend(CONTACT, 1);
        node.in(new Input.ConnectionUp(P2)); // P2 holds p1 in its active view; p1 does not hold P2

        assertTrue(sendsDisconnectNotice(node.receive(P2, new IHave(7, 1)), P2), "a broadcast message");
        assertTrue(sendsDisconnectNotice(node.receive(P2, new Shuffle(WirePeer.of(P2), List.of(WirePeer.of(P2)), 3, 1)),
                P2), "a shuffle");
        assertFalse(sendsDisconnectNotice(node.receive(CONTACT, new IHave(8, 1)), CONTACT), "a neighbour's message");
    }

    @Test
    void anIdleConnectionToANonNeighbourIsClosedAtTheFirstShuffleAfterTheNeighbourTimeout() {
        Driver node = new Driver("p1");
        node.befriend(CONTACT, 1);
        node.in(new Input.ConnectionUp(P2)); // P2 dialled for its own reasons, then its closing got lost

        assertFalse(disconnects(node.protocol.shuffle(node.now + 1), P2), "not while it may still be in use");
        long later = node.now + node.protocol.settings().neighborTimeoutMs() + 1;
        assertTrue(disconnects(node.protocol.shuffle(later), P2));
        assertFalse(disconnects(node.protocol.shuffle(later + 1), CONTACT), "neighbours stay connected");
    }
}
