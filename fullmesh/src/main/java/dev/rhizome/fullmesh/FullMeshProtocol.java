package dev.rhizome.fullmesh;

import dev.rhizome.fullmesh.state.MemberEntry;
import dev.rhizome.fullmesh.state.MemberStatus;
import dev.rhizome.fullmesh.state.MemberTable;
import dev.rhizome.fullmesh.wire.FullMeshSchemaImpl;
import dev.rhizome.fullmesh.wire.Heartbeat;
import dev.rhizome.fullmesh.wire.MemberState;
import dev.rhizome.fullmesh.wire.MeshBroadcast;
import dev.rhizome.fullmesh.wire.WireMapping;
import dev.rhizome.membership.detector.PhiAccrualDetector;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * Full-mesh membership as a sans-IO state machine.
 *
 * <pre>
 *            Join(seed)                      ConnectionUp(p)
 *   [alone] ───────────▶ Dial(seed) ─────────────────────────▶ push-pull MemberState with p
 *                                                                   │ merge (CRDT join)
 *                                                                   ▼
 *        Connect(every ALIVE or DOWN member) ◀── reconcile ──▶ NodeUp / NodeDown events
 *                                                                   ▲
 *   timers: HEARTBEAT → Heartbeat to connected peers                │
 *           FAILURE_CHECK → phi &gt; threshold ⇒ DOWN "failed" ────────┤ (and tell the peer)
 *           GOSSIP → MemberState to 2 random peers, reap tombstones │
 *   ConnectionDown(p) of an ALIVE member ⇒ DOWN "noconnection" ─────┘
 * </pre>
 *
 * <p><b>State.</b> The member set is a {@link MemberTable} CRDT keyed by name (see {@link MemberEntry}
 * for the merge rules). Beside it the protocol keeps local, non-replicated facts: which peers have a
 * live control connection, which peers it asked the runtime to keep connected, which members it has
 * reported up, when each tombstone appeared, and the heartbeat history of each member.
 *
 * <p><b>View.</b> {@link #members()} is this node plus every ALIVE entry whose exact incarnation has a
 * live control connection. After every input, {@link #reconcile} diffs that view against what was last
 * reported, so each transition into the view yields exactly one {@code NodeUp} and each transition out
 * exactly one {@code NodeDown}, whatever caused it.
 *
 * <p><b>Refutation.</b> A node that hears it is DOWN (at its current version or above) re-asserts
 * ALIVE at a higher version, which dominates the DOWN, and tells every connected peer at once. Peers
 * that are DOWN but have not LEFT stay in the connect set until their tombstone expires, so a healed
 * partition reconnects, pushes state both ways, and the refutations bring everyone back. A peer
 * suspected by phi keeps its connections, since resetting them would cost every in-flight message on
 * every channel if the suspicion is false (a loaded event loop, a GC pause); it is sent our state
 * instead, so a live peer refutes within one round trip.
 *
 * <p><b>Broadcast.</b> {@link Input.Broadcast} sends a {@link MeshBroadcast} straight to every member
 * in the view and delivers it locally; a received one is delivered with its sender as the origin.
 *
 * <p><b>Leave.</b> The node marks itself LEFT, pushes that to every connected peer, reports its peers
 * down with reason {@code noconnection} and ignores every later input.
 */
public final class FullMeshProtocol implements Protocol {

    /** The protocol's timers. */
    enum Timer { HEARTBEAT, FAILURE_CHECK, GOSSIP, JOIN_RETRY }

    /** Peers that get each periodic gossip round. */
    static final int GOSSIP_FANOUT = 2;
    /** Tombstones kept at most; beyond this the oldest are reaped early. */
    static final int MAX_TOMBSTONES = 1024;
    /** How often a join whose seed cannot be dialled is retried, one gossip interval apart. */
    static final int MAX_JOIN_ATTEMPTS = 10;

    private final NodeId self;
    private final RandomGenerator random;
    private final FullMeshSettings settings;
    private final PhiAccrualDetector<NodeId> detector;
    private final OneHopRouter router = new OneHopRouter(this::members);

    private final MemberTable table = new MemberTable();
    /** Peers whose control connection is up, by exact incarnation. */
    private final SortedSet<NodeId> connected = new TreeSet<>();
    /** Peers we told the runtime to keep connected (a Connect not yet undone by a Disconnect). */
    private final SortedSet<NodeId> connecting = new TreeSet<>();
    /** Peers last reported up; the view minus self. */
    private final SortedSet<NodeId> reported = new TreeSet<>();
    /** Why this node declared a peer DOWN, for the NodeDown it will emit. */
    private final Map<NodeId, String> downReasons = new TreeMap<>();
    /** When each tombstone (DOWN or LEFT entry) was first seen here, by name. */
    private final Map<String, Long> tombstoneSince = new TreeMap<>();
    /** Entries reaped recently, by name, so that gossip from a slower member cannot resurrect them. */
    private final Map<String, Reaped> reaped = new TreeMap<>();

    private InetSocketAddress joinSeed;
    private int joinAttempts;
    private long heartbeatSequence;
    private boolean left;

    /** Creates the protocol for {@code context.self()}; settings are read (and checked) here. */
    public FullMeshProtocol(ProtocolContext context) {
        this.self = context.self().id();
        this.random = context.random();
        this.settings = FullMeshSettings.from(context.settings());
        this.detector = new PhiAccrualDetector<>(settings.detector());
        table.merge(MemberEntry.alive(self, context.self().metadata()));
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    public List<Output> handle(long nowMillis, Input input) {
        if (left) {
            return List.of();
        }
        List<Output> out = new ArrayList<>();
        switch (input) {
            case Input.Start start -> onStart(nowMillis, out);
            case Input.Join join -> onJoin(join.seed(), out);
            case Input.Leave leave -> onLeave(out);
            case Input.ConnectionUp up -> onConnectionUp(up.peer(), out);
            case Input.ConnectionDown down -> onConnectionDown(nowMillis, down.peer());
            case Input.DialFailed failed -> onDialFailed(nowMillis, failed.address(), out);
            case Input.Received received -> onReceived(nowMillis, received.from(), received.message(), out);
            case Input.TimerFired timer -> onTimer(nowMillis, timer.key(), out);
            case Input.Broadcast broadcast -> onBroadcast(broadcast.payload(), out);
        }
        if (!left) {
            reconcile(nowMillis, out);
        }
        return out;
    }

    // ---------------------------------------------------------------- commands

    private void onStart(long now, List<Output> out) {
        out.add(new Output.SetTimer(Timer.HEARTBEAT, now + settings.heartbeatIntervalMs()));
        out.add(new Output.SetTimer(Timer.FAILURE_CHECK, now + settings.failureCheckIntervalMs()));
        out.add(new Output.SetTimer(Timer.GOSSIP, now + settings.gossipIntervalMs()));
    }

    private void onJoin(InetSocketAddress seed, List<Output> out) {
        joinSeed = seed;
        joinAttempts = 1;
        out.add(new Output.Dial(seed));
    }

    private void onDialFailed(long now, InetSocketAddress address, List<Output> out) {
        boolean ourSeed = joinSeed != null && sameAddress(joinSeed, address);
        if (ourSeed && reported.isEmpty() && joinAttempts < MAX_JOIN_ATTEMPTS) {
            out.add(new Output.SetTimer(Timer.JOIN_RETRY, now + settings.gossipIntervalMs()));
        }
    }

    private void onLeave(List<Output> out) {
        MemberEntry me = selfEntry();
        table.merge(me.bumped(me.version(), MemberStatus.LEFT));
        MemberState farewell = stateMessage(false);
        for (NodeId peer : connected) {
            out.add(new Output.Send(peer, farewell));
        }
        for (NodeId peer : reported) {
            out.add(new Output.Emit(new NodeDown(peer, "noconnection")));
        }
        reported.clear();
        for (Timer timer : Timer.values()) {
            out.add(new Output.CancelTimer(timer));
        }
        left = true;
    }

    /** One hop to every member in the view (ALIVE and connected), and delivered here once. */
    private void onBroadcast(byte[] payload, List<Output> out) {
        MeshBroadcast message = new MeshBroadcast(payload);
        for (NodeId peer : reported) {
            out.add(new Output.Send(peer, message));
        }
        out.add(new Output.Deliver(self, payload));
    }

    // ---------------------------------------------------------------- connections

    private void onConnectionUp(NodeId peer, List<Output> out) {
        if (peer.sameName(self)) {
            return;
        }
        connected.add(peer);
        // push-pull: send everything we know and ask for everything the peer knows
        out.add(new Output.Send(peer, stateMessage(true)));
    }

    private void onConnectionDown(long now, NodeId peer) {
        connected.remove(peer);
        current(peer).filter(entry -> entry.status() == MemberStatus.ALIVE)
                .ifPresent(entry -> declareDown(now, entry, "noconnection"));
    }

    // ---------------------------------------------------------------- messages

    private void onReceived(long now, NodeId from, Object message, List<Output> out) {
        switch (message) {
            case MemberState state -> onState(now, from, state, out);
            case Heartbeat heartbeat -> onHeartbeat(now, from, heartbeat);
            case MeshBroadcast broadcast -> out.add(new Output.Deliver(from, broadcast.payload()));
            default -> { } // not ours; the runtime routes by schema, so this is a stray
        }
    }

    private void onState(long now, NodeId from, MemberState state, List<Output> out) {
        boolean refuted = false;
        for (MemberEntry incoming : WireMapping.entries(state)) {
            if (incoming.sameNameAs(self)) {
                refuted |= refuteIfNeeded(incoming);
            } else {
                mergeRemote(now, incoming);
            }
        }
        if (state.replyWanted()) {
            out.add(new Output.Send(from, stateMessage(false)));
        }
        if (refuted) {
            MemberState alive = stateMessage(false);
            for (NodeId peer : connected) {
                if (!state.replyWanted() || !peer.equals(from)) {
                    out.add(new Output.Send(peer, alive));
                }
            }
        }
    }

    /** Someone says something about us: if it claims we are DOWN, out-version it. */
    private boolean refuteIfNeeded(MemberEntry claim) {
        MemberEntry me = selfEntry();
        if (claim.id().equals(self) && claim.dominates(me)) {
            table.merge(me.bumped(claim.version(), MemberStatus.ALIVE));
            return true;
        }
        return false; // older news, or another incarnation of our name: ours stands
    }

    private void mergeRemote(long now, MemberEntry incoming) {
        Reaped gone = reaped.get(incoming.name());
        if (gone != null && !incoming.dominates(gone.entry())) {
            return; // a tombstone we already forgot, echoed back by a slower member
        }
        MemberTable.Merge merge = table.merge(incoming);
        if (merge.changed()) {
            noteTombstone(now, merge.after());
        }
    }

    private void onHeartbeat(long now, NodeId from, Heartbeat heartbeat) {
        if (heartbeat.incarnation() == from.incarnation() && reported.contains(from)) {
            detector.heartbeat(from, now);
        }
    }

    // ---------------------------------------------------------------- timers

    private void onTimer(long now, Object key, List<Output> out) {
        if (!(key instanceof Timer timer)) {
            return;
        }
        switch (timer) {
            case HEARTBEAT -> {
                sendHeartbeats(out);
                out.add(new Output.SetTimer(Timer.HEARTBEAT, now + settings.heartbeatIntervalMs()));
            }
            case FAILURE_CHECK -> {
                checkSuspicion(now, out);
                out.add(new Output.SetTimer(Timer.FAILURE_CHECK, now + settings.failureCheckIntervalMs()));
            }
            case GOSSIP -> {
                reapTombstones(now);
                gossip(out);
                out.add(new Output.SetTimer(Timer.GOSSIP, now + settings.gossipIntervalMs()));
            }
            case JOIN_RETRY -> {
                if (joinSeed != null && reported.isEmpty()) {
                    joinAttempts++;
                    out.add(new Output.Dial(joinSeed));
                }
            }
        }
    }

    /** Heartbeats go to every connected peer we still track, not only to the view, so a peer that
     *  (wrongly) thinks us DOWN keeps hearing from us while the refutation travels. */
    private void sendHeartbeats(List<Output> out) {
        Heartbeat beat = new Heartbeat(self.incarnation(), ++heartbeatSequence);
        for (NodeId peer : connected) {
            Optional<MemberEntry> entry = current(peer);
            if (entry.isPresent() && entry.get().status() != MemberStatus.LEFT) {
                out.add(new Output.Send(peer, beat));
            }
        }
    }

    private void checkSuspicion(long now, List<Output> out) {
        for (NodeId peer : List.copyOf(reported)) {
            if (!detector.isAvailable(peer, now)) {
                current(peer).ifPresent(entry -> declareDown(now, entry, "failed"));
                // Keep the connections: resetting them would lose every in-flight message on every
                // channel if this is a false positive (a loaded event loop, a GC pause). Tell the
                // peer instead; if it is alive it refutes at once and comes back with a NodeUp.
                out.add(new Output.Send(peer, stateMessage(false)));
            }
        }
    }

    private void gossip(List<Output> out) {
        List<NodeId> peers = new ArrayList<>(connected);
        if (peers.isEmpty()) {
            return;
        }
        MemberState state = stateMessage(false);
        for (int i = 0; i < GOSSIP_FANOUT && !peers.isEmpty(); i++) {
            out.add(new Output.Send(peers.remove(random.nextInt(peers.size())), state));
        }
    }

    private void reapTombstones(long now) {
        reaped.values().removeIf(gone -> now - gone.at() >= settings.tombstoneTtlMs());
        List<Map.Entry<String, Long>> byAge = new ArrayList<>(tombstoneSince.entrySet());
        byAge.sort(Map.Entry.comparingByValue());
        int excess = byAge.size() - MAX_TOMBSTONES;
        for (Map.Entry<String, Long> tombstone : byAge) {
            boolean expired = now - tombstone.getValue() >= settings.tombstoneTtlMs();
            if (!expired && excess <= 0) {
                break; // oldest first, so every later one is younger still
            }
            excess--;
            String name = tombstone.getKey();
            tombstoneSince.remove(name);
            table.remove(name).ifPresent(entry -> reaped.put(name, new Reaped(entry, now)));
        }
    }

    // ---------------------------------------------------------------- state changes

    private void declareDown(long now, MemberEntry entry, String reason) {
        MemberTable.Merge merge = table.merge(entry.withStatus(MemberStatus.DOWN));
        if (merge.changed()) {
            downReasons.put(entry.id(), reason);
            noteTombstone(now, merge.after());
        }
    }

    private void noteTombstone(long now, MemberEntry entry) {
        if (entry.status().isTombstone()) {
            tombstoneSince.putIfAbsent(entry.name(), now);
        } else {
            tombstoneSince.remove(entry.name());
        }
    }

    /**
     * Brings the outside world in line with the table: one event per view transition, and a Connect
     * for every ALIVE or DOWN member (a Disconnect for everyone else we were connecting to).
     */
    private void reconcile(long now, List<Output> out) {
        SortedSet<NodeId> view = new TreeSet<>();
        SortedSet<NodeId> wanted = new TreeSet<>();
        for (MemberEntry entry : table.entries()) {
            if (entry.sameNameAs(self)) {
                continue;
            }
            if (entry.status() != MemberStatus.LEFT) {
                wanted.add(entry.id());
            }
            if (entry.status() == MemberStatus.ALIVE && connected.contains(entry.id())) {
                view.add(entry.id());
            }
        }
        for (NodeId gone : List.copyOf(reported)) {
            if (!view.contains(gone)) {
                out.add(new Output.Emit(new NodeDown(gone, downReason(gone))));
                reported.remove(gone);
                downReasons.remove(gone);
                detector.remove(gone);
            }
        }
        for (NodeId fresh : view) {
            if (reported.add(fresh)) {
                detector.remove(fresh);
                detector.heartbeat(fresh, now); // the connection itself is the first sign of life
                out.add(new Output.Emit(new NodeUp(fresh)));
            }
        }
        for (NodeId peer : List.copyOf(connecting)) {
            if (!wanted.contains(peer)) {
                connecting.remove(peer);
                out.add(new Output.Disconnect(peer));
            }
        }
        for (NodeId peer : wanted) {
            if (connecting.add(peer)) {
                out.add(new Output.Connect(peer));
            }
        }
    }

    private String downReason(NodeId gone) {
        Optional<MemberEntry> entry = table.get(gone.name());
        if (entry.isEmpty()) {
            return downReasons.getOrDefault(gone, "failed");
        }
        if (!entry.get().id().equals(gone)) {
            return "replaced";
        }
        return switch (entry.get().status()) {
            case LEFT -> "left";
            case DOWN -> downReasons.getOrDefault(gone, "failed");
            case ALIVE -> "noconnection";
        };
    }

    // ---------------------------------------------------------------- queries

    @Override
    public SortedSet<NodeId> members() {
        SortedSet<NodeId> members = new TreeSet<>(reported);
        members.add(self);
        return Collections.unmodifiableSortedSet(members);
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public List<SerializationContextInitializer> schemas() {
        return List.of(new FullMeshSchemaImpl());
    }

    /** A copy of the member set as this node holds it, by name (for tests and diagnostics). */
    public Map<String, MemberEntry> memberTable() {
        return table.snapshot();
    }

    /** This node. */
    public NodeId self() {
        return self;
    }

    /** Whether this node has left. */
    public boolean hasLeft() {
        return left;
    }

    // ---------------------------------------------------------------- helpers

    private MemberEntry selfEntry() {
        return table.get(self.name()).orElseThrow();
    }

    /** The table's entry for {@code peer}, only if it is about that exact incarnation. */
    private Optional<MemberEntry> current(NodeId peer) {
        return table.get(peer.name()).filter(entry -> entry.id().equals(peer));
    }

    private MemberState stateMessage(boolean replyWanted) {
        return WireMapping.state(table.entries(), replyWanted);
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getHostString().equals(b.getHostString());
    }

    /** An entry that was reaped at {@code at}. */
    private record Reaped(MemberEntry entry, long at) {}
}
