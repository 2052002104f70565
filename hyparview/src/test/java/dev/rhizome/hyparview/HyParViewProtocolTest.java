package dev.rhizome.hyparview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.hyparview.wire.DisconnectNotice;
import dev.rhizome.hyparview.wire.ForwardJoin;
import dev.rhizome.hyparview.wire.JoinReply;
import dev.rhizome.hyparview.wire.JoinRequest;
import dev.rhizome.hyparview.wire.NeighborReply;
import dev.rhizome.hyparview.wire.NeighborRequest;
import dev.rhizome.hyparview.wire.Shuffle;
import dev.rhizome.hyparview.wire.ShuffleReply;
import dev.rhizome.hyparview.wire.WirePeer;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.overlay.spi.Output;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Transitions of one node, driven by hand. */
class HyParViewProtocolTest {

    private static final NodeId CONTACT = Driver.node("contact");
    private static final NodeId JOINER = Driver.node("joiner");
    private static final NodeId P1 = Driver.node("p1");
    private static final NodeId P2 = Driver.node("p2");

    private static <T> List<T> sends(List<Output> outputs, NodeId to, Class<T> type) {
        return outputs.stream().filter(o -> o instanceof Output.Send s && s.to().equals(to) && type.isInstance(s.message()))
                .map(o -> type.cast(((Output.Send) o).message())).toList();
    }

    @Test
    void aJoinerEntersTheContactsViewOnlyOnceTheReplyConfirmsIt() {
        Driver joiner = new Driver("joiner");
        assertEquals(List.of(new Output.Dial(CONTACT.address()), new Output.SetTimer(HyParViewProtocol.Timer.JOIN, joiner.now + 1 + 2_000)),
                joiner.in(new Input.Join(CONTACT.address())));
        List<Output> up = joiner.in(new Input.ConnectionUp(CONTACT));
        assertEquals(1, sends(up, CONTACT, JoinRequest.class).size());
        assertEquals(List.of(), joiner.protocol.activeView(), "not a neighbour before the reply");
        List<Output> reply = joiner.receive(CONTACT, new JoinReply(1));
        assertEquals(List.of(CONTACT), joiner.protocol.activeView());
        assertTrue(reply.contains(new Output.Connect(CONTACT)));
        assertTrue(reply.contains(new Output.Emit(new NodeUp(CONTACT))));
        assertEquals(new TreeSet<>(Set.of(joiner.self, CONTACT)), joiner.protocol.members());
    }

    @Test
    void theContactTakesTheJoinerAndSendsAWalkToEveryOtherNeighbour() {
        Driver contact = new Driver("contact");
        contact.befriend(P1, 1);
        contact.befriend(P2, 1);
        contact.in(new Input.ConnectionUp(JOINER));
        List<Output> out = contact.receive(JOINER, new JoinRequest(1));
        assertEquals(1, sends(out, JOINER, JoinReply.class).size());
        assertEquals(List.of(new ForwardJoin(WirePeer.of(JOINER), 6)), sends(out, P1, ForwardJoin.class));
        assertEquals(List.of(new ForwardJoin(WirePeer.of(JOINER), 6)), sends(out, P2, ForwardJoin.class));
        assertEquals(List.of(), sends(out, JOINER, ForwardJoin.class));
        assertTrue(contact.protocol.activeView().contains(JOINER));
    }

    @Test
    void aWalkThatEndsAsksTheJoinerWithHighPriorityAndAddsItOnAccept() {
        Driver node = new Driver("p1");
        node.befriend(CONTACT, 1);
        node.befriend(P2, 1);
        List<Output> out = node.receive(CONTACT, new ForwardJoin(WirePeer.of(JOINER), 0));
        assertTrue(out.contains(new Output.Dial(JOINER.address())), out.toString());
        List<Output> up = node.in(new Input.ConnectionUp(JOINER));
        assertEquals(true, sends(up, JOINER, NeighborRequest.class).get(0).highPriority());
        assertFalse(node.protocol.activeView().contains(JOINER), "not before the joiner confirms");
        node.receive(JOINER, new NeighborReply(true, 1));
        assertTrue(node.protocol.activeView().contains(JOINER));
    }

    @Test
    void aWalkAtThePassiveLengthLeavesTheJoinerPassiveAndMovesOn() {
        Driver node = new Driver("p1");
        node.befriend(CONTACT, 1);
        node.befriend(P2, 1);
        List<Output> out = node.receive(CONTACT, new ForwardJoin(WirePeer.of(JOINER), 3));
        assertEquals(List.of(JOINER), node.protocol.passiveView());
        assertEquals(List.of(new ForwardJoin(WirePeer.of(JOINER), 2)), sends(out, P2, ForwardJoin.class));
        assertEquals(List.of(), sends(out, CONTACT, ForwardJoin.class), "never back to the sender");
    }

    @Test
    void aFullViewRefusesLowPriorityAndEvictsForHighPriority() {
        Driver node = new Driver("hub");
        for (int i = 0; i < 5; i++) {
            node.befriend(Driver.node("m" + i), 1);
        }
        NodeId low = Driver.node("low");
        node.in(new Input.ConnectionUp(low));
        List<Output> refused = node.receive(low, new NeighborRequest(false, 1));
        assertEquals(List.of(new NeighborReply(false, sends(refused, low, NeighborReply.class).get(0).seq())),
                sends(refused, low, NeighborReply.class));
        NodeId high = Driver.node("high");
        node.in(new Input.ConnectionUp(high));
        List<Output> accepted = node.receive(high, new NeighborRequest(true, 1));
        assertTrue(sends(accepted, high, NeighborReply.class).get(0).accepted());
        NodeId evicted = accepted.stream().filter(o -> o instanceof Output.Send s && s.message() instanceof DisconnectNotice)
                .map(o -> ((Output.Send) o).to()).findFirst().orElseThrow();
        assertTrue(accepted.contains(new Output.Disconnect(evicted)));
        assertTrue(accepted.contains(new Output.Emit(new NodeDown(evicted, "evicted"))));
        assertEquals(5, node.protocol.activeView().size());
        assertTrue(node.protocol.passiveView().contains(evicted), "an evicted neighbour stays a passive peer");
    }

    @Test
    void aDisconnectOlderThanTheCurrentRelationshipIsIgnored() {
        Driver node = new Driver("n");
        node.befriend(P1, 10);
        node.receive(P1, new DisconnectNotice(7, false));
        assertEquals(List.of(P1), node.protocol.activeView(), "seq 7 predates the request with seq 10");
        List<Output> out = node.receive(P1, new DisconnectNotice(11, false));
        assertEquals(List.of(), node.protocol.activeView());
        assertTrue(out.contains(new Output.Emit(new NodeDown(P1, "evicted"))));
        assertEquals(List.of(P1), node.protocol.passiveView());
    }

    @Test
    void losingANeighboursConnectionRepairsFromThePassiveViewAndDropsDeadPassivePeers() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        node.befriend(P2, 1);
        node.receive(P1, new ForwardJoin(WirePeer.of(JOINER), 3)); // JOINER becomes passive
        assertEquals(List.of(JOINER), node.protocol.passiveView());
        List<Output> down = node.in(new Input.ConnectionDown(P1));
        assertTrue(down.contains(new Output.Emit(new NodeDown(P1, "noconnection"))));
        assertTrue(down.contains(new Output.Dial(JOINER.address())), "repair dials a passive peer: " + down);
        node.in(new Input.DialFailed(JOINER.address(), "connection refused"));
        assertEquals(List.of(), node.protocol.passiveView(), "a refused dial means nobody is there");
    }

    @Test
    void anIsolatedNodeWithNoPassivePeersRejoinsThroughItsSeed() {
        Driver joiner = new Driver("joiner");
        joiner.in(new Input.Join(CONTACT.address()));
        joiner.in(new Input.ConnectionUp(CONTACT));
        joiner.receive(CONTACT, new JoinReply(1));
        List<Output> out = joiner.in(new Input.ConnectionDown(CONTACT));
        assertTrue(out.contains(new Output.Dial(CONTACT.address())), "re-bootstrap from the seed: " + out);
    }

    @Test
    void aGracefulLeaveTellsEveryNeighbourAndThenIgnoresEverything() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        node.befriend(P2, 1);
        List<Output> out = node.in(new Input.Leave());
        assertTrue(sends(out, P1, DisconnectNotice.class).get(0).leaving());
        assertTrue(sends(out, P2, DisconnectNotice.class).get(0).leaving());
        assertTrue(node.protocol.hasLeft());
        assertEquals(List.of(), node.in(new Input.ConnectionUp(P1)));
    }

    @Test
    void aLeavingNeighbourIsForgottenNotKeptPassive() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        List<Output> out = node.receive(P1, new DisconnectNotice(2, true));
        assertTrue(out.contains(new Output.Emit(new NodeDown(P1, "left"))));
        assertEquals(List.of(), node.protocol.passiveView());
    }

    @Test
    void aShuffleCarriesSelfAndSamplesOnAWalkAndTheEndRepliesOverATemporaryConnection() {
        Driver origin = new Driver("origin");
        origin.befriend(P1, 1);
        List<Output> out = origin.protocol.shuffle(origin.now + 1);
        Shuffle shuffle = sends(out, P1, Shuffle.class).get(0);
        assertEquals(WirePeer.of(origin.self), shuffle.origin());
        assertEquals(WirePeer.of(origin.self), shuffle.peers().get(0));
        assertEquals(6, shuffle.ttl());

        Driver end = new Driver("end");
        end.befriend(P1, 1); // one neighbour only: the walk ends here
        List<Output> accept = end.receive(P1, shuffle);
        assertTrue(accept.contains(new Output.Dial(origin.self.address())), accept.toString());
        assertTrue(end.protocol.passiveView().contains(origin.self), "the origin's ids are merged");
        List<Output> reply = end.in(new Input.ConnectionUp(origin.self));
        assertEquals(1, sends(reply, origin.self, ShuffleReply.class).size());
        assertTrue(reply.contains(new Output.Disconnect(origin.self)), "whoever dials closes");
    }

    @Test
    void aNewIncarnationReplacesTheOldOneEverywhere() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        NodeId reborn = new NodeId(P1.name(), P1.host(), P1.port(), 2);
        List<Output> out = node.in(new Input.ConnectionUp(reborn));
        assertTrue(out.contains(new Output.Emit(new NodeDown(P1, "replaced"))));
        assertEquals(List.of(), node.protocol.activeView());
    }

    @Test
    void anIsolatedNodeWithNoSeedOrPassivePeerRejoinsThroughAPeerItHeardOf() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        node.befriend(P2, 1);
        List<Output> walk = node.receive(P1, new ForwardJoin(WirePeer.of(JOINER), 5));
        assertEquals(List.of(new ForwardJoin(WirePeer.of(JOINER), 4)), sends(walk, P2, ForwardJoin.class),
                "the walk passes by; the joiner is remembered as a contact, not put in a view");
        assertEquals(List.of(), node.protocol.passiveView());
        node.in(new Input.ConnectionDown(P1));
        List<Output> isolated = node.in(new Input.ConnectionDown(P2));
        assertTrue(isolated.contains(new Output.Dial(JOINER.address())), "rejoin through the contact: " + isolated);
        assertEquals(1, sends(node.in(new Input.ConnectionUp(JOINER)), JOINER, JoinRequest.class).size());
        node.receive(JOINER, new JoinReply(1));
        assertEquals(List.of(JOINER), node.protocol.activeView());
    }

    @Test
    void aRefusedDialToADeadSeedMovesOnToAContactAtOnce() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        node.befriend(P2, 1);
        node.receive(P1, new ForwardJoin(WirePeer.of(JOINER), 5));
        node.in(new Input.Join(CONTACT.address()));
        node.in(new Input.ConnectionDown(P1));
        List<Output> alone = node.in(new Input.ConnectionDown(P2));
        assertFalse(alone.stream().anyMatch(o -> o instanceof Output.Dial), "the seed dial is still out: " + alone);
        List<Output> refused = node.in(new Input.DialFailed(CONTACT.address(), "connection refused"));
        assertTrue(refused.contains(new Output.Dial(JOINER.address())), refused.toString());
        List<Output> refusedToo = node.in(new Input.DialFailed(JOINER.address(), "connection refused"));
        assertFalse(refusedToo.stream().anyMatch(o -> o instanceof Output.Dial),
                "no contact left: the seed is retried only by the JOIN timer's backoff: " + refusedToo);
    }

    @Test
    void theRouterIsOneHopOverTheActiveView() {
        Driver node = new Driver("n");
        node.befriend(P1, 1);
        var router = node.protocol.router();
        assertEquals(Optional.of(Route.identity(node.self)), router.route(node.self, node.self, "default"));
        assertEquals(Optional.of(Route.of(new Hop(node.self, P1, "default"))), router.route(node.self, P1, "default"));
        assertEquals(Optional.empty(), router.route(node.self, P2, "default"));
    }
}
