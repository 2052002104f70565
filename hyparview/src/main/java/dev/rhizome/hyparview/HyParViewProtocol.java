package dev.rhizome.hyparview;

import dev.rhizome.hyparview.broadcast.BroadcastListener;
import dev.rhizome.hyparview.broadcast.Broadcaster;
import dev.rhizome.hyparview.broadcast.FloodBroadcaster;
import dev.rhizome.hyparview.broadcast.GraftTimer;
import dev.rhizome.hyparview.broadcast.Plumtree;
import dev.rhizome.hyparview.wire.BroadcastMessage;
import dev.rhizome.hyparview.wire.DisconnectNotice;
import dev.rhizome.hyparview.wire.ForwardJoin;
import dev.rhizome.hyparview.wire.HyParViewSchemaImpl;
import dev.rhizome.hyparview.wire.JoinReply;
import dev.rhizome.hyparview.wire.JoinRequest;
import dev.rhizome.hyparview.wire.NeighborReply;
import dev.rhizome.hyparview.wire.NeighborRequest;
import dev.rhizome.hyparview.wire.OverlayMessage;
import dev.rhizome.hyparview.wire.Shuffle;
import dev.rhizome.hyparview.wire.ShuffleReply;
import dev.rhizome.hyparview.wire.WirePeer;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * HyParView (Leitão, Pereira, Rodrigues, DSN 2007; TR-07-13) as a sans-IO state machine.
 *
 * <pre>
 *  join:    Join(seed) ─▶ Dial ─▶ JOIN ─▶ contact: active += n, JOIN_REPLY, FORWARD_JOIN(n, ARWL) to the rest
 *           FORWARD_JOIN(n, ttl): ttl = 0 or one neighbour ─▶ NEIGHBOR(high) to n
 *                                 ttl = PRWL ─▶ passive += n;  else forward to a random neighbour
 *  confirm: a node enters an active view only when a JOIN, JOIN_REPLY, NEIGHBOR or accepting
 *           NEIGHBOR_REPLY arrives over its live connection; both ends then Connect, and NodeUp
 *  evict:   a full active view drops a random member: DISCONNECT(seq), Disconnect, it goes passive
 *  repair:  ConnectionDown of a neighbour = failure ─▶ NodeDown, NEIGHBOR to random passive peers
 *           (high priority when no neighbour is left); a refused dial drops that passive peer
 *  shuffle: every interval, SHUFFLE(self + ka active + kp passive, ttl) on a random walk; the end node
 *           answers SHUFFLE_REPLY over a temporary connection; passive views merge, evicting first
 *           what was sent; a node short of neighbours also promotes passive peers then
 *  leave:   DISCONNECT(leaving) to every neighbour, who forget the node entirely
 *  retry:   no neighbour and every passive peer refused ─▶ try them all again after the neighbour timeout
 *  rejoin:  no neighbour and no passive peer ─▶ join again, alternating between the seeds (round robin)
 *           and the contacts: peers heard of that left the passive view for lack of room; a refused
 *           dial to a contact tries the next one at once
 * </pre>
 *
 * <p><b>Contacts (an extension).</b> The paper re-bootstraps an isolated node through its contact node.
 * After a massive failure that contact may be dead too, and so may every passive peer; such a node would
 * stay alone for good, since nobody holds it in an active view. So a node also remembers up to
 * {@code hyparview.contacts-size} peers it has heard of (displaced from its passive view by shuffles,
 * or joiners whose walk passed by) and joins through them when its seeds fail. They are never used for
 * anything else, so the overlay's shape is the paper's.
 *
 * <p><b>Views.</b> {@link #members()} is this node plus the active view: the neighbours it holds open
 * connections to and floods over. {@link #passiveView()} holds backup peers known by id only, not
 * connected and not members. Both are keyed by exact {@link NodeId}, incarnation included; when a newer
 * incarnation of a name connects, older ones are purged from both views.
 *
 * <p><b>Stale messages.</b> Every message that starts a relationship carries the sender's counter
 * {@code seq}, which only grows; a {@link DisconnectNotice} below the last counter heard from the same
 * peer predates the current relationship and is ignored. A late accepting reply to a request that timed
 * out is taken only if a slot is free and the connection is live; otherwise it is answered with a
 * DISCONNECT, so it can never revive a dead peer or overfill the view.
 *
 * <p><b>Connections.</b> Whoever dials closes: a requester whose NEIGHBOR is refused or times out, a node
 * that delivered a SHUFFLE_REPLY, unless the peer became a neighbour meanwhile, and a dial that comes up
 * after its purpose lapsed (a request that timed out, a join that moved on). Each shuffle also closes
 * connections to non-neighbours idle for a neighbour timeout, and a peer that sends what only neighbours
 * send (a broadcast message, a SHUFFLE) without being one is answered with a DISCONNECT. So a node holds
 * its neighbours' connections plus short-lived temporary ones, and the views stay symmetric even when a
 * reply is lost with its connection.
 *
 * <p><b>Broadcast.</b> {@link Input.Broadcast} (or {@link #broadcast}) hands a payload to the configured
 * {@link Broadcaster} ({@link Plumtree} or {@link FloodBroadcaster}), which learns of every neighbour
 * change. Every broadcast this node delivers, its own included, once, yields an {@link Output.Deliver}
 * naming the broadcast's origin.
 */
public final class HyParViewProtocol implements Protocol {

    /** The protocol's own timers. */
    enum Timer { SHUFFLE, JOIN, REPAIR }

    /** Joins through the seeds in a row before giving up until the next shuffle or Join. */
    static final int MAX_JOIN_ATTEMPTS = 8;

    /** The timer of one neighbour request, by the peer's address. */
    record NeighborTimeout(String address) {}

    /** A neighbour request in flight: dialling {@code target}, or sent and awaiting the reply. */
    private static final class Pending {
        NodeId target;
        final boolean high;
        boolean sent;

        Pending(NodeId target, boolean high) {
            this.target = target;
            this.high = high;
        }
    }

    private final NodeId self;
    private final WirePeer selfOnWire;
    private final RandomGenerator random;
    private final HyParViewSettings settings;
    private final Broadcaster broadcaster;
    private final ActiveViewRouter router;

    private final PeerList active = new PeerList();
    private final PeerList passive = new PeerList();
    /** Peers with a live control connection; looked up, never iterated. */
    private final Set<NodeId> connected = new HashSet<>();
    /** Neighbour requests in flight, by address, in the order they started. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Shuffle replies waiting for their temporary connection, by the origin's address. */
    private final Map<String, ShuffleReply> repliesToSend = new LinkedHashMap<>();
    /** The highest relationship counter heard from each peer; looked up, never iterated. */
    private final Map<NodeId, Long> lastSeqFrom = new HashMap<>();
    /** Passive peers that refused or ignored us since the last shuffle; not asked again until then. */
    private final Set<NodeId> refusedUs = new HashSet<>();
    private final List<InetSocketAddress> seeds = new ArrayList<>();
    /** Peers heard of but displaced from the views, oldest first: the last resort for rejoining. */
    private final List<NodeId> contacts = new ArrayList<>();
    /** Connected peers outside the active view, with when their connection came up, oldest first. */
    private final Map<NodeId, Long> outsiders = new LinkedHashMap<>();
    /** Dials in flight by address (how many): their connection is not up yet. Looked up, never iterated. */
    private final Map<String, Integer> dialling = new HashMap<>();

    /** Who hears of deliveries besides the runtime (see {@link #onDeliver}). */
    private BroadcastListener deliveryListener = (id, payload, hops) -> { };
    /** Where deliveries during the current call go as {@link Output.Deliver}; null outside a call. */
    private List<Output> deliverTo;
    /** The neighbour whose broadcast message is being handled, the origin of last resort. */
    private NodeId deliveringFrom;

    private long seq;
    private long shuffleId;
    private List<NodeId> lastShuffleSent = List.of();
    private InetSocketAddress joiningThrough;
    private int nextSeed;
    /** Where the contacts ring writes next once full. */
    private int nextContact;
    private int joinAttempts;
    private boolean left;
    private long now;

    /** Creates the protocol for {@code context.self()}; settings are read (and checked) here. */
    public HyParViewProtocol(ProtocolContext context) {
        this.self = context.self().id();
        this.selfOnWire = WirePeer.of(self);
        this.random = context.random();
        this.settings = HyParViewSettings.from(context.settings());
        this.router = new ActiveViewRouter(self, this::activeView);
        this.broadcaster = switch (settings.broadcast()) {
            case FLOOD -> new FloodBroadcaster(random, active::asList, settings.cacheSize());
            case PLUMTREE -> new Plumtree(random, settings.ihaveTimeoutMs(), settings.graftTimeoutMs(),
                    settings.cacheSize(), settings.optimizationThreshold());
        };
        this.broadcaster.onDeliver(new BroadcastListener() {
            @Override
            public void delivered(long id, byte[] payload, int hops) {
                delivered(id, null, payload, hops);
            }

            @Override
            public void delivered(long id, NodeId origin, byte[] payload, int hops) {
                // a gossip without an origin comes from a peer that predates origins: name its sender
                NodeId from = origin != null ? origin : hops == 0 ? self : deliveringFrom;
                if (deliverTo != null) {
                    deliverTo.add(new Output.Deliver(from, payload));
                }
                deliveryListener.delivered(id, from, payload, hops);
            }
        });
    }

    // ================================================================ dispatch

    @Override
    public List<Output> handle(long nowMillis, Input input) {
        if (left) {
            return List.of();
        }
        now = nowMillis;
        List<Output> out = new ArrayList<>(4);
        deliverTo = out;
        try {
            dispatch(input, out);
        } finally {
            deliverTo = null;
            deliveringFrom = null;
        }
        return out;
    }

    private void dispatch(Input input, List<Output> out) {
        if (input instanceof Input.Received received && received.message() instanceof BroadcastMessage broadcast) {
            if (active.contains(received.from())) { // the hot path: a broadcast from a neighbour
                deliveringFrom = received.from();
                broadcaster.onMessage(now, received.from(), broadcast, out);
            } else {
                notNeighbors(received.from(), out);
            }
            return;
        }
        switch (input) {
            case Input.Start start -> onStart(out);
            case Input.Join join -> onJoin(join.seed(), out);
            case Input.Leave leave -> onLeave(out);
            case Input.ConnectionUp up -> onConnectionUp(up.peer(), out);
            case Input.ConnectionDown down -> onConnectionDown(down.peer(), out);
            case Input.DialFailed failed -> onDialFailed(failed.address(), out);
            case Input.Received received -> onReceived(received.from(), received.message(), out);
            case Input.TimerFired timer -> onTimer(timer.key(), out);
            case Input.Broadcast broadcast -> broadcaster.broadcast(now, self, broadcast.payload(), out);
        }
    }

    private void onReceived(NodeId from, Object message, List<Output> out) {
        switch (message) {
            case BroadcastMessage broadcast -> {
                if (active.contains(from)) {
                    deliveringFrom = from;
                    broadcaster.onMessage(now, from, broadcast, out);
                } else {
                    notNeighbors(from, out);
                }
            }
            case OverlayMessage overlay -> {
                switch (overlay) {
                    case JoinRequest join -> onJoinRequest(from, join, out);
                    case JoinReply reply -> onJoinReply(from, reply, out);
                    case ForwardJoin forward -> onForwardJoin(from, forward, out);
                    case NeighborRequest request -> onNeighborRequest(from, request, out);
                    case NeighborReply reply -> onNeighborReply(from, reply, out);
                    case DisconnectNotice notice -> onDisconnectNotice(from, notice, out);
                    case Shuffle shuffle -> {
                        if (!active.contains(from)) {
                            notNeighbors(from, out);
                        }
                        onShuffle(from, shuffle, out);
                    }
                    case ShuffleReply reply -> integrate(reply.peers(), lastShuffleSent);
                }
            }
            default -> { } // not ours: a stray from another protocol
        }
    }

    // ================================================================ commands

    private void onStart(List<Output> out) {
        if (settings.shuffleIntervalMs() > 0) {
            out.add(new Output.SetTimer(Timer.SHUFFLE, now + jittered(settings.shuffleIntervalMs())));
        }
    }

    private void onJoin(InetSocketAddress seed, List<Output> out) {
        if (sameAddress(seed, self.address())) {
            return; // the first node "joins" itself: nothing to do
        }
        if (seeds.stream().noneMatch(known -> sameAddress(known, seed))) {
            seeds.add(seed);
        }
        joinAttempts = 0;
        joinThrough(seed, out);
    }

    /** Dials {@code seed} to join; the JOIN timer, backing off, retries through the next seed. */
    private void joinThrough(InetSocketAddress seed, List<Output> out) {
        joiningThrough = seed;
        joinAttempts++;
        dial(seed, out);
        long backoff = settings.neighborTimeoutMs() << Math.min(joinAttempts - 1, 4);
        out.add(new Output.SetTimer(Timer.JOIN, now + backoff));
    }

    /** Leaves gracefully: every neighbour is told, so it forgets this node instead of suspecting it. */
    private void onLeave(List<Output> out) {
        for (NodeId peer : List.copyOf(active.asList())) {
            out.add(new Output.Send(peer, new DisconnectNotice(++seq, true)));
            out.add(new Output.Disconnect(peer));
            out.add(new Output.Emit(new NodeDown(peer, "noconnection")));
            broadcaster.neighborDown(peer);
        }
        for (String address : pending.keySet()) {
            out.add(new Output.CancelTimer(new NeighborTimeout(address)));
            Pending request = pending.get(address);
            if (request.sent) {
                out.add(new Output.Disconnect(request.target));
            }
        }
        out.add(new Output.CancelTimer(Timer.SHUFFLE));
        out.add(new Output.CancelTimer(Timer.JOIN));
        active.clear();
        passive.clear();
        pending.clear();
        left = true;
    }

    /**
     * Broadcasts {@code payload} to every node through the configured broadcast layer; the
     * {@link #onDeliver} listener hears of it here first, with 0 hops. The same as handling
     * {@link Input.Broadcast}.
     */
    public List<Output> broadcast(long nowMillis, byte[] payload) {
        return handle(nowMillis, new Input.Broadcast(payload));
    }

    /**
     * Sets who hears of each broadcast this node delivers (one listener; replaces the previous), besides
     * the {@link Output.Deliver} every delivery also yields.
     */
    public void onDeliver(BroadcastListener listener) {
        this.deliveryListener = listener;
    }

    /**
     * One shuffle cycle now: the passive-view exchange, then random promotion if the active view is
     * short. The {@code SHUFFLE} timer calls this; with {@code hyparview.shuffle-interval-ms = 0} the
     * application (or a cycle-driven simulation) calls it instead.
     */
    public List<Output> shuffle(long nowMillis) {
        if (left) {
            return List.of();
        }
        now = nowMillis;
        List<Output> out = new ArrayList<>(2);
        shuffleCycle(out);
        return out;
    }

    // ================================================================ connections

    private void onConnectionUp(NodeId peer, List<Output> out) {
        connected.add(peer);
        if (!active.contains(peer)) {
            outsiders.putIfAbsent(peer, now);
        }
        supersede(peer, out);
        String address = peer.hostPort();
        if (joiningThrough != null && sameAddress(joiningThrough, peer.address())) {
            out.add(new Output.Send(peer, new JoinRequest(++seq)));
        }
        Pending request = pending.get(address);
        if (request != null && !request.sent) {
            request.target = peer; // whoever answers at that address now
            request.sent = true;
            out.add(new Output.Send(peer, new NeighborRequest(request.high, ++seq)));
        }
        ShuffleReply reply = repliesToSend.remove(address);
        boolean ours = dialEnded(address);
        if (reply != null) {
            out.add(new Output.Send(peer, reply));
            releaseIfUnused(peer, out);
        } else if (ours && (joiningThrough == null || !sameAddress(joiningThrough, peer.address()))) {
            // dialled for a request that timed out or a join that moved on meanwhile: whoever dials closes
            releaseIfUnused(peer, out);
        }
    }

    /** Dials {@code address}, remembering it so a connection that outlives its purpose is closed. */
    private void dial(InetSocketAddress address, List<Output> out) {
        dialling.merge(address.getHostString() + ":" + address.getPort(), 1, Integer::sum);
        out.add(new Output.Dial(address));
    }

    /** One dial to {@code address} came up or failed; whether there was one. */
    private boolean dialEnded(String address) {
        Integer count = dialling.get(address);
        if (count == null) {
            return false;
        }
        if (count > 1) {
            dialling.put(address, count - 1);
        } else {
            dialling.remove(address);
        }
        return true;
    }

    /** Connection loss is the failure detector: a neighbour whose connection drops has failed. */
    private void onConnectionDown(NodeId peer, List<Output> out) {
        connected.remove(peer);
        outsiders.remove(peer);
        if (active.remove(peer)) {
            out.add(new Output.Disconnect(peer)); // stop the runtime's reconnecting
            out.add(new Output.Emit(new NodeDown(peer, "noconnection")));
            broadcaster.neighborDown(peer);
        }
        Pending request = pending.get(peer.hostPort());
        if (request != null && request.sent && request.target.equals(peer)) {
            pending.remove(peer.hostPort());
            out.add(new Output.CancelTimer(new NeighborTimeout(peer.hostPort())));
            refusedUs.add(peer);
        }
        refill(out);
    }

    private void onDialFailed(InetSocketAddress address, List<Output> out) {
        String key = address.getHostString() + ":" + address.getPort();
        dialEnded(key);
        Pending request = pending.remove(key);
        if (request != null) {
            out.add(new Output.CancelTimer(new NeighborTimeout(key)));
            passive.remove(request.target); // nobody listens there any more
        }
        repliesToSend.remove(key);
        if (joiningThrough != null && sameAddress(joiningThrough, address) && active.isEmpty() && !contacts.isEmpty()) {
            // nobody there: a contact is tried at once; a failed seed alone waits for the JOIN timer's backoff
            joiningThrough = null;
            out.add(new Output.CancelTimer(Timer.JOIN));
            rejoin(out);
            return;
        }
        refill(out);
    }

    // ================================================================ join

    private void onJoinRequest(NodeId joiner, JoinRequest join, List<Output> out) {
        noteSeq(joiner, join.seq());
        boolean known = active.contains(joiner);
        addActive(joiner, out);
        if (!active.contains(joiner)) {
            return;
        }
        out.add(new Output.Send(joiner, new JoinReply(++seq)));
        if (!known) {
            ForwardJoin walk = new ForwardJoin(WirePeer.of(joiner), settings.arwl());
            for (NodeId peer : active) {
                if (!peer.equals(joiner)) {
                    out.add(new Output.Send(peer, walk));
                }
            }
        }
    }

    private void onJoinReply(NodeId contact, JoinReply reply, List<Output> out) {
        noteSeq(contact, reply.seq());
        if (joiningThrough != null && sameAddress(joiningThrough, contact.address())) {
            joiningThrough = null;
            out.add(new Output.CancelTimer(Timer.JOIN));
        }
        addActive(contact, out);
    }

    private void onForwardJoin(NodeId sender, ForwardJoin walk, List<Output> out) {
        NodeId joiner = walk.joiner().toNodeId();
        if (joiner.sameName(self) || active.contains(joiner)) {
            return;
        }
        if (walk.ttl() <= 0 || active.size() <= 1) {
            requestNeighbor(joiner, true, out);
            return;
        }
        if (walk.ttl() == settings.prwl()) {
            addPassive(joiner, List.of());
        }
        NodeId next = randomExcept(active.asList(), sender, joiner);
        if (next == null) {
            requestNeighbor(joiner, true, out);
        } else {
            if (walk.ttl() != settings.prwl()) {
                noteContact(joiner);
            }
            out.add(new Output.Send(next, new ForwardJoin(walk.joiner(), walk.ttl() - 1)));
        }
    }

    // ================================================================ neighbour requests

    private void onNeighborRequest(NodeId peer, NeighborRequest request, List<Output> out) {
        noteSeq(peer, request.seq());
        boolean accept = active.contains(peer) || request.highPriority() || active.size() < settings.activeSize();
        if (accept) {
            addActive(peer, out);
        }
        out.add(new Output.Send(peer, new NeighborReply(active.contains(peer), ++seq)));
    }

    private void onNeighborReply(NodeId peer, NeighborReply reply, List<Output> out) {
        noteSeq(peer, reply.seq());
        Pending request = pending.remove(peer.hostPort());
        if (request != null) {
            out.add(new Output.CancelTimer(new NeighborTimeout(peer.hostPort())));
        }
        if (!reply.accepted()) {
            refusedUs.add(peer);
            releaseIfUnused(peer, out);
            refill(out);
            return;
        }
        boolean room = active.contains(peer) || active.size() < settings.activeSize();
        if (room || (request != null && request.high)) {
            addActive(peer, out);
        } else {
            // we filled up meanwhile (or gave up on this request): undo the peer's half
            out.add(new Output.Send(peer, new DisconnectNotice(++seq, false)));
            out.add(new Output.Disconnect(peer));
            addPassive(peer, List.of());
        }
    }

    private void onDisconnectNotice(NodeId peer, DisconnectNotice notice, List<Output> out) {
        if (notice.seq() < lastSeqFrom.getOrDefault(peer, Long.MIN_VALUE)) {
            return; // sent before the peer's latest join, request or reply: stale
        }
        if (active.remove(peer)) {
            out.add(new Output.Disconnect(peer));
            out.add(new Output.Emit(new NodeDown(peer, notice.leaving() ? "left" : "evicted")));
            broadcaster.neighborDown(peer);
        }
        if (notice.leaving()) {
            passive.remove(peer);
        } else {
            addPassive(peer, List.of());
        }
        refill(out);
    }

    /**
     * Asks {@code peer} to become a neighbour, over the existing connection or a new dial; the answer,
     * a refused dial or the timeout settles it.
     */
    private void requestNeighbor(NodeId peer, boolean high, List<Output> out) {
        String address = peer.hostPort();
        if (pending.containsKey(address) || active.contains(peer) || peer.sameName(self)) {
            return;
        }
        Pending request = new Pending(peer, high);
        pending.put(address, request);
        if (connected.contains(peer)) {
            request.sent = true;
            out.add(new Output.Send(peer, new NeighborRequest(high, ++seq)));
        } else {
            dial(peer.address(), out);
        }
        out.add(new Output.SetTimer(new NeighborTimeout(address), now + settings.neighborTimeoutMs()));
    }

    /**
     * Fills free active slots from the passive view, one request per free slot. Only the first request of
     * a node with no neighbour at all (or fewer than {@code hyparview.min-active}) is high priority, so
     * it forces its way back in once instead of evicting several others.
     */
    private void refill(List<Output> out) {
        int room = settings.activeSize() - active.size() - pending.size();
        boolean highSent = false;
        for (Pending request : pending.values()) {
            highSent |= request.high;
        }
        for (int attempt = 0; attempt < room; attempt++) {
            NodeId candidate = randomCandidate();
            if (candidate == null) {
                break;
            }
            boolean high = (active.isEmpty() || active.size() < settings.minActive()) && !highSent;
            highSent |= high;
            requestNeighbor(candidate, high, out);
        }
        if (active.isEmpty() && pending.isEmpty() && joiningThrough == null) {
            if (!passive.isEmpty()) {
                // every passive peer refused or timed out: forgive them and try again a little later
                refusedUs.clear();
                out.add(new Output.SetTimer(Timer.REPAIR, now + settings.neighborTimeoutMs()));
            } else if (canRejoin()) {
                rejoin(out);
            }
        }
    }

    /** Whether an isolated node has anyone left to join through. */
    private boolean canRejoin() {
        return (!seeds.isEmpty() && joinAttempts < MAX_JOIN_ATTEMPTS) || !contacts.isEmpty();
    }

    /**
     * Isolated with no passive peer left: start over, alternating between the next seed (round robin)
     * and a random contact, which is used up; with one kind exhausted, the other.
     */
    private void rejoin(List<Output> out) {
        boolean seedTurn = !seeds.isEmpty() && joinAttempts < MAX_JOIN_ATTEMPTS
                && (contacts.isEmpty() || joinAttempts % 2 == 0);
        if (seedTurn) {
            joinThrough(seeds.get(nextSeed++ % seeds.size()), out);
        } else if (!contacts.isEmpty()) {
            NodeId contact = contacts.remove(random.nextInt(contacts.size()));
            nextContact = 0;
            joinThrough(contact.address(), out);
        }
    }

    /**
     * Remembers {@code peer} as a contact for rejoining, in place of the oldest once full (a ring; a
     * repeated name is not looked for, since a duplicate costs at most one refused dial).
     */
    private void noteContact(NodeId peer) {
        if (peer.sameName(self) || settings.contactsSize() == 0) {
            return;
        }
        if (contacts.size() < settings.contactsSize()) {
            contacts.add(peer);
        } else {
            contacts.set(nextContact, peer);
            nextContact = (nextContact + 1) % contacts.size();
        }
    }

    private NodeId randomCandidate() {
        List<NodeId> candidates = new ArrayList<>(passive.size());
        for (NodeId peer : passive) {
            if (!pending.containsKey(peer.hostPort()) && !refusedUs.contains(peer)) {
                candidates.add(peer);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    // ================================================================ shuffle

    private void shuffleCycle(List<Output> out) {
        refusedUs.clear();
        closeIdleConnections(out);
        if (active.isEmpty() && joiningThrough == null) {
            joinAttempts = 0; // an isolated node may try its seeds again
        }
        if (!active.isEmpty()) {
            List<WirePeer> sample = new ArrayList<>(1 + settings.shuffleActive() + settings.shufflePassive());
            sample.add(selfOnWire);
            List<NodeId> sent = new ArrayList<>();
            for (NodeId peer : sample(active.asList(), settings.shuffleActive())) {
                sample.add(WirePeer.of(peer));
            }
            for (NodeId peer : sample(passive.asList(), settings.shufflePassive())) {
                sample.add(WirePeer.of(peer));
                sent.add(peer);
            }
            lastShuffleSent = sent;
            NodeId target = active.get(random.nextInt(active.size()));
            out.add(new Output.Send(target, new Shuffle(selfOnWire, sample, settings.shuffleTtl(), ++shuffleId)));
        }
        refill(out);
    }

    private void onShuffle(NodeId sender, Shuffle shuffle, List<Output> out) {
        NodeId origin = shuffle.origin().toNodeId();
        if (origin.equals(self)) {
            return; // the walk came home
        }
        int ttl = shuffle.ttl() - 1;
        if (ttl > 0 && active.size() > 1) {
            NodeId next = randomExcept(active.asList(), sender, origin);
            if (next != null) {
                out.add(new Output.Send(next, new Shuffle(shuffle.origin(), shuffle.peers(), ttl, shuffle.id())));
                return;
            }
        }
        List<NodeId> offered = new ArrayList<>();
        for (NodeId peer : sample(passive.asList(), shuffle.peers().size())) {
            if (!peer.equals(origin)) {
                offered.add(peer);
            }
        }
        List<WirePeer> reply = new ArrayList<>(offered.size());
        for (NodeId peer : offered) {
            reply.add(WirePeer.of(peer));
        }
        integrate(shuffle.peers(), offered);
        ShuffleReply answer = new ShuffleReply(reply, shuffle.id());
        if (connected.contains(origin)) {
            out.add(new Output.Send(origin, answer));
        } else {
            repliesToSend.put(origin.hostPort(), answer);
            dial(origin.address(), out);
        }
    }

    /** Merges received ids into the passive view; a full view evicts first the ids in {@code sentAway}. */
    private void integrate(List<WirePeer> received, List<NodeId> sentAway) {
        List<NodeId> evictFirst = new ArrayList<>(sentAway);
        for (WirePeer wire : received) {
            NodeId peer = wire.toNodeId();
            if (peer.sameName(self) || newerKnown(peer)) {
                continue;
            }
            addPassive(peer, evictFirst);
        }
    }

    // ================================================================ timers

    private void onTimer(Object key, List<Output> out) {
        switch (key) {
            case Timer.SHUFFLE -> {
                shuffleCycle(out);
                out.add(new Output.SetTimer(Timer.SHUFFLE, now + jittered(settings.shuffleIntervalMs())));
            }
            case Timer.REPAIR -> refill(out);
            case Timer.JOIN -> {
                if (active.isEmpty() && canRejoin()) {
                    rejoin(out); // no reply from that seed or contact: try the next
                } else {
                    joiningThrough = null; // joined, or give up until the next shuffle or Join
                }
            }
            case NeighborTimeout timeout -> {
                Pending request = pending.remove(timeout.address());
                if (request != null) {
                    refusedUs.add(request.target);
                    if (request.sent) {
                        releaseIfUnused(request.target, out);
                    }
                    refill(out);
                }
            }
            case GraftTimer graft -> broadcaster.onTimer(now, graft, out);
            default -> { }
        }
    }

    // ================================================================ view changes

    /** Takes {@code peer} into the active view, evicting a random member if full. */
    private void addActive(NodeId peer, List<Output> out) {
        if (peer.sameName(self) || active.contains(peer) || !connected.contains(peer)) {
            return;
        }
        if (active.size() >= settings.activeSize()) {
            evictRandom(out);
        }
        active.add(peer);
        outsiders.remove(peer);
        passive.remove(peer);
        refusedUs.remove(peer);
        joinAttempts = 0;
        if (pending.remove(peer.hostPort()) != null) {
            out.add(new Output.CancelTimer(new NeighborTimeout(peer.hostPort())));
        }
        out.add(new Output.Connect(peer));
        out.add(new Output.Emit(new NodeUp(peer)));
        broadcaster.neighborUp(peer);
    }

    private void evictRandom(List<Output> out) {
        NodeId dropped = active.removeAt(random.nextInt(active.size()));
        out.add(new Output.Send(dropped, new DisconnectNotice(++seq, false)));
        out.add(new Output.Disconnect(dropped));
        out.add(new Output.Emit(new NodeDown(dropped, "evicted")));
        broadcaster.neighborDown(dropped);
        addPassive(dropped, List.of());
    }

    /** Adds {@code peer} to the passive view; when full, evicts one of {@code evictFirst}, else a random one. */
    private void addPassive(NodeId peer, List<NodeId> evictFirst) {
        if (peer.sameName(self) || active.withName(peer.name()) != null || newerKnown(peer)) {
            return;
        }
        if (passive.withName(peer.name()) != null) {
            passive.add(peer); // replaces an older incarnation in place of eviction
            return;
        }
        if (passive.size() >= settings.passiveSize()) {
            NodeId victim = null;
            while (victim == null && !evictFirst.isEmpty()) {
                NodeId candidate = evictFirst.remove(evictFirst.size() - 1);
                if (passive.contains(candidate)) {
                    victim = candidate;
                }
            }
            if (victim == null) {
                victim = passive.removeAt(random.nextInt(passive.size()));
            } else {
                passive.remove(victim);
            }
            noteContact(victim);
        }
        passive.add(peer);
    }

    /** A newer incarnation of {@code peer}'s name is here: older ones are dead, forget them everywhere. */
    private void supersede(NodeId peer, List<Output> out) {
        NodeId old = active.withName(peer.name());
        if (old != null && old.incarnation() < peer.incarnation()) {
            active.remove(old);
            out.add(new Output.Disconnect(old));
            out.add(new Output.Emit(new NodeDown(old, "replaced")));
            broadcaster.neighborDown(old);
        }
        old = passive.withName(peer.name());
        if (old != null && old.incarnation() < peer.incarnation()) {
            passive.remove(old);
        }
    }

    /**
     * {@code peer} sent what only neighbours send (a broadcast message, a shuffle), so it holds this node in
     * its active view, but this node does not hold it: an accepting reply got lost with its connection,
     * or a DISCONNECT is on its way. A fresh DISCONNECT (newer than anything sent before) makes the views
     * symmetric again; the peer keeps this node as a passive peer.
     */
    private void notNeighbors(NodeId peer, List<Output> out) {
        if (connected.contains(peer)) {
            out.add(new Output.Send(peer, new DisconnectNotice(++seq, false)));
        }
    }

    /**
     * Closes connections to non-neighbours that nothing here has used for a neighbour timeout: a
     * temporary connection whose closing was lost in a race (a dial that completed after its request
     * timed out, a connection that replaced one being closed). Each node holds at most its neighbours'
     * connections, plus temporary ones younger than the timeout.
     */
    private void closeIdleConnections(List<Output> out) {
        var entries = outsiders.entrySet().iterator();
        while (entries.hasNext()) {
            var entry = entries.next();
            NodeId peer = entry.getKey();
            boolean inUse = pending.containsKey(peer.hostPort()) || repliesToSend.containsKey(peer.hostPort())
                    || joiningThrough != null && sameAddress(joiningThrough, peer.address());
            if (active.contains(peer)) {
                entries.remove();
            } else if (!inUse && now - entry.getValue() >= settings.neighborTimeoutMs()) {
                entries.remove();
                out.add(new Output.Disconnect(peer));
            }
        }
    }

    /** Closes a connection this node opened once nothing needs it any more. */
    private void releaseIfUnused(NodeId peer, List<Output> out) {
        if (!active.contains(peer) && !pending.containsKey(peer.hostPort())) {
            out.add(new Output.Disconnect(peer));
        }
    }

    // ================================================================ queries

    @Override
    public SortedSet<NodeId> members() {
        SortedSet<NodeId> members = new TreeSet<>(active.asList());
        members.add(self);
        return Collections.unmodifiableSortedSet(members);
    }

    /** The neighbours: connected peers that broadcasts travel to, in the order they joined the view. */
    public List<NodeId> activeView() {
        return active.asList();
    }

    /** Backup peers known by id only: not connected, not members, candidates for repair. */
    @Override
    public List<NodeId> passiveView() {
        return passive.asList();
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public List<SerializationContextInitializer> schemas() {
        return List.of(new HyParViewSchemaImpl());
    }

    public NodeId self() {
        return self;
    }

    public HyParViewSettings settings() {
        return settings;
    }

    /** Whether this node has left. */
    public boolean hasLeft() {
        return left;
    }

    /** The broadcast layer, for tests and diagnostics (listen through {@link #onDeliver}, not its own). */
    public Broadcaster broadcaster() {
        return broadcaster;
    }

    // ================================================================ helpers

    private void noteSeq(NodeId peer, long value) {
        lastSeqFrom.merge(peer, value, Math::max);
    }

    /** Whether a view already holds this incarnation of {@code peer}'s name or a newer one. */
    private boolean newerKnown(NodeId peer) {
        NodeId held = passive.withName(peer.name());
        if (held != null && held.incarnation() >= peer.incarnation()) {
            return true;
        }
        held = active.withName(peer.name());
        return held != null && held.incarnation() >= peer.incarnation();
    }

    /** A random member of {@code from} other than {@code a} and {@code b}, or null. */
    private NodeId randomExcept(List<NodeId> from, NodeId a, NodeId b) {
        int eligible = 0;
        for (NodeId peer : from) {
            if (!peer.equals(a) && !peer.equals(b)) {
                eligible++;
            }
        }
        if (eligible == 0) {
            return null;
        }
        int pick = random.nextInt(eligible);
        for (NodeId peer : from) {
            if (!peer.equals(a) && !peer.equals(b) && pick-- == 0) {
                return peer;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Up to {@code count} distinct random members of {@code from} (a partial Fisher-Yates shuffle). */
    private List<NodeId> sample(List<NodeId> from, int count) {
        List<NodeId> copy = new ArrayList<>(from);
        int n = Math.min(count, copy.size());
        for (int i = 0; i < n; i++) {
            Collections.swap(copy, i, i + random.nextInt(copy.size() - i));
        }
        return new ArrayList<>(copy.subList(0, n));
    }

    private long jittered(long interval) {
        long spread = interval / 4;
        return interval - spread + (spread == 0 ? 0 : random.nextLong(2 * spread + 1));
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getHostString().equals(b.getHostString());
    }
}
