package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.fullmesh.state.MemberEntry;
import dev.rhizome.fullmesh.state.MemberStatus;
import dev.rhizome.fullmesh.wire.Heartbeat;
import dev.rhizome.fullmesh.wire.MemberState;
import dev.rhizome.fullmesh.wire.WireMapping;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** One protocol instance driven by hand: each transition's outputs, in order. */
class FullMeshProtocolTest {

    private static final NodeId ME = new NodeId("me", "h", 1, 10);
    private static final NodeId PEER = new NodeId("peer", "h", 2, 20);

    private final FullMeshProtocol protocol = new FullMeshProtocol(new ProtocolContext(
            new NodeSpec(ME, Map.of("role", "test")), List.of(ChannelSpec.CONTROL), new Random(1), Map.of()));

    private static MemberState stateOf(MemberEntry... entries) {
        return WireMapping.state(List.of(entries), false);
    }

    /** Brings PEER into the view: its connection is up and its state says ALIVE. */
    private List<Output> meetPeer() {
        protocol.handle(0, new Input.Start());
        List<Output> up = protocol.handle(1, new Input.ConnectionUp(PEER));
        assertTrue(up.stream().anyMatch(o -> o instanceof Output.Send s && s.to().equals(PEER)
                && s.message() instanceof MemberState m && m.replyWanted()), "push-pull starts on connect");
        return protocol.handle(2, new Input.Received(PEER, stateOf(MemberEntry.alive(PEER, Map.of()))));
    }

    @Test
    void joinDialsTheSeed() {
        InetSocketAddress seed = InetSocketAddress.createUnresolved("seed", 9);
        assertEquals(List.of(new Output.Dial(seed)), protocol.handle(0, new Input.Join(seed)));
    }

    @Test
    void aPeersStateBringsItUpAndConnected() {
        List<Output> out = meetPeer();
        assertTrue(out.contains(new Output.Emit(new NodeUp(PEER))));
        assertTrue(out.contains(new Output.Connect(PEER)));
        assertEquals(new TreeSet<>(Set.of(ME, PEER)), protocol.members());
    }

    @Test
    void hearingItselfDownItRefutesWithAHigherVersionToEveryConnectedPeer() {
        meetPeer();
        MemberEntry rumour = MemberEntry.alive(ME, Map.of("role", "test")).withStatus(MemberStatus.DOWN);
        List<Output> out = protocol.handle(3, new Input.Received(PEER, stateOf(rumour)));
        MemberEntry mine = protocol.memberTable().get("me");
        assertEquals(MemberStatus.ALIVE, mine.status());
        assertEquals(2, mine.version());
        assertTrue(out.stream().anyMatch(o -> o instanceof Output.Send s && s.to().equals(PEER)
                && WireMapping.entries((MemberState) s.message()).contains(mine)));
    }

    @Test
    void losingTheControlConnectionMarksThePeerDownAtOnce() {
        meetPeer();
        List<Output> out = protocol.handle(5, new Input.ConnectionDown(PEER));
        assertEquals(List.of(new Output.Emit(new NodeDown(PEER, "noconnection"))), out,
                "no Disconnect: the runtime keeps redialling a DOWN peer");
        assertEquals(MemberStatus.DOWN, protocol.memberTable().get("peer").status());
        assertEquals(1, protocol.memberTable().get("peer").version(), "an observer never bumps the version");
    }

    @Test
    void aPeersLeaveIsReportedAndDisconnected() {
        meetPeer();
        MemberEntry leaving = MemberEntry.alive(PEER, Map.of()).bumped(1, MemberStatus.LEFT);
        List<Output> out = protocol.handle(5, new Input.Received(PEER, stateOf(leaving)));
        assertEquals(List.of(new Output.Emit(new NodeDown(PEER, "left")), new Output.Disconnect(PEER)), out);
    }

    @Test
    void leavingTellsEveryoneAndThenIgnoresEverything() {
        meetPeer();
        List<Output> out = protocol.handle(5, new Input.Leave());
        Output.Send farewell = (Output.Send) out.get(0);
        assertEquals(PEER, farewell.to());
        assertEquals(MemberStatus.LEFT, WireMapping.entries((MemberState) farewell.message()).stream()
                .filter(e -> e.name().equals("me")).findFirst().orElseThrow().status());
        assertTrue(out.contains(new Output.Emit(new NodeDown(PEER, "noconnection"))));
        assertEquals(new TreeSet<>(Set.of(ME)), protocol.members());
        assertEquals(List.of(), protocol.handle(6, new Input.TimerFired(FullMeshProtocol.Timer.HEARTBEAT)));
    }

    @Test
    void heartbeatsGoToConnectedPeersAndTheTimerRearms() {
        meetPeer();
        List<Output> out = protocol.handle(200, new Input.TimerFired(FullMeshProtocol.Timer.HEARTBEAT));
        assertEquals(List.of(new Output.Send(PEER, new Heartbeat(10, 1)),
                new Output.SetTimer(FullMeshProtocol.Timer.HEARTBEAT, 400)), out);
    }

    @Test
    void aSilentPeerIsDeclaredFailedToldAndKeptConnected() {
        meetPeer();
        assertEquals(List.of(new Output.SetTimer(FullMeshProtocol.Timer.FAILURE_CHECK, 102)),
                protocol.handle(2, new Input.TimerFired(FullMeshProtocol.Timer.FAILURE_CHECK)));
        List<Output> out = protocol.handle(2_000, new Input.TimerFired(FullMeshProtocol.Timer.FAILURE_CHECK));
        assertEquals(3, out.size(), "no Disconnect, no fresh Connect: " + out);
        Output.Send suspicion = (Output.Send) out.get(0);
        assertEquals(PEER, suspicion.to());
        assertTrue(WireMapping.entries((MemberState) suspicion.message())
                .contains(MemberEntry.alive(PEER, Map.of()).withStatus(MemberStatus.DOWN)), "the peer hears it is DOWN");
        assertEquals(List.of(new Output.SetTimer(FullMeshProtocol.Timer.FAILURE_CHECK, 2_100),
                new Output.Emit(new NodeDown(PEER, "failed"))), out.subList(1, 3));
    }

    @Test
    void aNewerIncarnationReplacesTheOld() {
        meetPeer();
        NodeId reborn = new NodeId("peer", "h", 3, 21);
        protocol.handle(3, new Input.ConnectionUp(reborn));
        List<Output> out = protocol.handle(4, new Input.Received(reborn, stateOf(MemberEntry.alive(reborn, Map.of()))));
        assertEquals(List.of(new Output.Emit(new NodeDown(PEER, "replaced")), new Output.Emit(new NodeUp(reborn)),
                new Output.Disconnect(PEER), new Output.Connect(reborn)), out);
    }

    @Test
    void tombstonesAreReapedAfterTheirTtl() {
        meetPeer();
        protocol.handle(5, new Input.ConnectionDown(PEER));
        protocol.handle(30_000, new Input.TimerFired(FullMeshProtocol.Timer.GOSSIP));
        assertTrue(protocol.memberTable().containsKey("peer"));
        List<Output> out = protocol.handle(60_005, new Input.TimerFired(FullMeshProtocol.Timer.GOSSIP));
        assertTrue(out.contains(new Output.Disconnect(PEER)), "stop redialling a forgotten peer");
        assertEquals(Set.of("me"), protocol.memberTable().keySet());
        // a slower member echoing the old tombstone does not bring it back
        protocol.handle(60_010, new Input.Received(PEER,
                stateOf(MemberEntry.alive(PEER, Map.of()).withStatus(MemberStatus.DOWN))));
        assertEquals(Set.of("me"), protocol.memberTable().keySet());
    }
}
