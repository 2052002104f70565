package dev.rhizome.hyparview.broadcast;

import dev.rhizome.hyparview.wire.BroadcastMessage;
import dev.rhizome.hyparview.wire.Gossip;
import dev.rhizome.hyparview.wire.Graft;
import dev.rhizome.hyparview.wire.IHave;
import dev.rhizome.hyparview.wire.Prune;
import dev.rhizome.hyparview.wire.WirePeer;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Output;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Epidemic broadcast trees (Leitão, Pereira, Rodrigues, SRDS 2007) over the active view.
 *
 * <pre>
 *   GOSSIP first time ─▶ deliver, eager-push to eager peers, IHAVE to lazy peers, sender becomes eager
 *   GOSSIP duplicate  ─▶ sender becomes lazy, PRUNE to it           (the tree trims its cycles)
 *   PRUNE             ─▶ sender becomes lazy
 *   IHAVE unseen id   ─▶ remember the announcer; start the ihave timer (at once if no eager peer left)
 *   timer fires       ─▶ GRAFT to the first announcer, which becomes eager; retry the next after the
 *                        graft timeout                                (the tree repairs itself)
 *   GRAFT             ─▶ sender becomes eager; send it the payload if cached
 *   optimise          ─▶ a first GOSSIP at round r while an IHAVE for it came at round r' ≤ r − threshold:
 *                        GRAFT(link only) to the announcer, PRUNE to the GOSSIP's sender (the paper's §3.8);
 *                        an IHAVE at round r' ≤ r − threshold for a message already delivered at round r:
 *                        GRAFT(link only) to the announcer, and the next duplicate prunes the longer link
 * </pre>
 *
 * <p><b>The optimisation.</b> A tree built by the first broadcast is that sender's shortest-path tree;
 * other senders' messages can travel much longer paths over it. When a lazy link announces a message
 * at least {@code optimizationThreshold} rounds earlier than the eager path delivered it, the links swap
 * roles, as in the paper. The second trigger (an IHAVE arriving after the payload) is an extension for
 * networks whose latencies differ, where the shorter path's announcement may come second; it does not
 * prune at once but lets the duplicate rule prune whichever link then turns out to be slower.
 * A threshold of 0 turns the optimisation off.
 *
 * <p>New neighbours start eager; a neighbour that leaves the active view is forgotten along with its
 * announcements. Both links of an eager/lazy pair are kept in step by the PRUNE and GRAFT themselves.
 * IHAVEs go out one per message, at once (no batching).
 */
public final class Plumtree implements Broadcaster {

    /** Announcements remembered at most, across all missing messages. */
    static final int MAX_MISSING = 4096;

    private record Announcement(NodeId from, int round) {}

    private final RandomGenerator random;
    private final long ihaveTimeoutMs;
    private final long graftTimeoutMs;
    private final int optimizationThreshold;
    private final MessageIdCache received;
    private final Set<NodeId> eager = new LinkedHashSet<>();
    private final Set<NodeId> lazy = new LinkedHashSet<>();
    private final Map<Long, List<Announcement>> missing = new LinkedHashMap<>();
    private BroadcastListener listener = (id, payload, hops) -> { };

    /**
     * @param random         for message ids
     * @param ihaveTimeoutMs how long an announced message may stay missing before the first GRAFT
     * @param graftTimeoutMs how long to wait between GRAFTs for the same message
     * @param cacheSize      messages remembered to answer GRAFTs and spot duplicates
     */
    public Plumtree(RandomGenerator random, long ihaveTimeoutMs, long graftTimeoutMs, int cacheSize) {
        this(random, ihaveTimeoutMs, graftTimeoutMs, cacheSize, 0);
    }

    /**
     * @param random                for message ids
     * @param ihaveTimeoutMs        how long an announced message may stay missing before the first GRAFT
     * @param graftTimeoutMs        how long to wait between GRAFTs for the same message
     * @param cacheSize             messages remembered to answer GRAFTs and spot duplicates
     * @param optimizationThreshold rounds by which a lazy link must beat the eager path for the two to
     *                              swap (the paper's threshold); 0 turns the optimisation off
     */
    public Plumtree(RandomGenerator random, long ihaveTimeoutMs, long graftTimeoutMs, int cacheSize,
                    int optimizationThreshold) {
        this.random = random;
        this.ihaveTimeoutMs = ihaveTimeoutMs;
        this.graftTimeoutMs = graftTimeoutMs;
        this.received = new MessageIdCache(cacheSize);
        this.optimizationThreshold = optimizationThreshold;
    }

    @Override
    public long broadcast(long now, NodeId origin, byte[] payload, List<Output> out) {
        long id = random.nextLong();
        WirePeer wireOrigin = origin == null ? null : WirePeer.of(origin);
        received.add(id, payload, 0, wireOrigin);
        listener.delivered(id, origin, payload, 0);
        push(new Gossip(id, 0, payload, wireOrigin), null, out);
        return id;
    }

    @Override
    public void onMessage(long now, NodeId from, BroadcastMessage message, List<Output> out) {
        switch (message) {
            case Gossip gossip -> onGossip(from, gossip, out);
            case IHave ihave -> onIHave(now, from, ihave, out);
            case Graft graft -> onGraft(from, graft, out);
            case Prune prune -> makeLazy(from);
        }
    }

    private void onGossip(NodeId from, Gossip gossip, List<Output> out) {
        int hops = gossip.round() + 1;
        if (received.add(gossip.id(), gossip.payload(), hops, gossip.origin())) {
            listener.delivered(gossip.id(), gossip.origin() == null ? null : gossip.origin().toNodeId(),
                    gossip.payload(), hops);
            List<Announcement> announced = missing.remove(gossip.id());
            if (announced != null) {
                out.add(new Output.CancelTimer(new GraftTimer(gossip.id())));
            }
            push(new Gossip(gossip.id(), hops, gossip.payload(), gossip.origin()), from, out);
            makeEager(from);
            if (announced != null) {
                optimize(from, gossip, announced, out);
            }
        } else {
            makeLazy(from);
            out.add(new Output.Send(from, new Prune(gossip.id())));
        }
    }

    /** The paper's optimisation: the best earlier announcement beats the eager path by the threshold. */
    private void optimize(NodeId sender, Gossip gossip, List<Announcement> announced, List<Output> out) {
        if (optimizationThreshold <= 0) {
            return;
        }
        Announcement best = null;
        for (Announcement announcement : announced) {
            if (best == null || announcement.round() < best.round()) {
                best = announcement;
            }
        }
        if (best != null && !best.from().equals(sender) && gossip.round() - best.round() >= optimizationThreshold) {
            if (lazy.contains(best.from())) {
                makeEager(best.from());
                out.add(new Output.Send(best.from(), new Graft(gossip.id(), best.round(), true)));
            }
            makeLazy(sender);
            out.add(new Output.Send(sender, new Prune(gossip.id())));
        }
    }

    private void onIHave(long now, NodeId from, IHave ihave, List<Output> out) {
        if (!(eager.contains(from) || lazy.contains(from))) {
            return;
        }
        if (received.contains(ihave.id())) {
            // announced after the payload came: graft the link if it is much shorter (see the class doc)
            int deliveredAt = received.round(ihave.id());
            if (optimizationThreshold > 0 && lazy.contains(from)
                    && deliveredAt - 1 - ihave.round() >= optimizationThreshold) {
                makeEager(from);
                out.add(new Output.Send(from, new Graft(ihave.id(), ihave.round(), true)));
            }
            return;
        }
        List<Announcement> announcements = missing.get(ihave.id());
        if (announcements == null) {
            if (missing.size() >= MAX_MISSING) {
                Iterator<Long> oldest = missing.keySet().iterator();
                out.add(new Output.CancelTimer(new GraftTimer(oldest.next())));
                oldest.remove();
            }
            announcements = new ArrayList<>(2);
            missing.put(ihave.id(), announcements);
            // with no eager peer left nothing else will bring it: graft at once
            long delay = eager.isEmpty() ? 0 : ihaveTimeoutMs;
            out.add(new Output.SetTimer(new GraftTimer(ihave.id()), now + delay));
        }
        announcements.add(new Announcement(from, ihave.round()));
    }

    @Override
    public void onTimer(long now, GraftTimer timer, List<Output> out) {
        List<Announcement> announcements = missing.get(timer.id());
        if (announcements == null) {
            return;
        }
        if (announcements.isEmpty()) {
            missing.remove(timer.id());
            return;
        }
        Announcement first = announcements.remove(0);
        makeEager(first.from());
        out.add(new Output.Send(first.from(), new Graft(timer.id(), first.round())));
        out.add(new Output.SetTimer(timer, now + graftTimeoutMs));
    }

    private void onGraft(NodeId from, Graft graft, List<Output> out) {
        if (!(eager.contains(from) || lazy.contains(from))) {
            return;
        }
        makeEager(from);
        byte[] payload = graft.linkOnly() ? null : received.payload(graft.id());
        if (payload != null) {
            out.add(new Output.Send(from, new Gossip(graft.id(), received.round(graft.id()), payload,
                    received.origin(graft.id()))));
        }
    }

    private void push(Gossip gossip, NodeId from, List<Output> out) {
        for (NodeId peer : eager) {
            if (!peer.equals(from)) {
                out.add(new Output.Send(peer, gossip));
            }
        }
        if (!lazy.isEmpty()) {
            IHave ihave = new IHave(gossip.id(), gossip.round());
            for (NodeId peer : lazy) {
                if (!peer.equals(from)) {
                    out.add(new Output.Send(peer, ihave));
                }
            }
        }
    }

    /** Moves a lazy neighbour to eager; a non-neighbour stays unknown. */
    private void makeEager(NodeId peer) {
        if (lazy.remove(peer)) {
            eager.add(peer);
        }
    }

    private void makeLazy(NodeId peer) {
        if (eager.remove(peer)) {
            lazy.add(peer);
        }
    }

    @Override
    public void neighborUp(NodeId peer) {
        lazy.remove(peer);
        eager.add(peer);
    }

    @Override
    public void neighborDown(NodeId peer) {
        eager.remove(peer);
        lazy.remove(peer);
        for (List<Announcement> announcements : missing.values()) {
            announcements.removeIf(announcement -> announcement.from().equals(peer));
        }
    }

    @Override
    public void onDeliver(BroadcastListener value) {
        this.listener = value;
    }

    /** The peers pushed to eagerly (tree links), for tests and diagnostics. */
    public Set<NodeId> eagerPeers() {
        return Set.copyOf(eager);
    }

    /** The peers sent only IHAVEs, for tests and diagnostics. */
    public Set<NodeId> lazyPeers() {
        return Set.copyOf(lazy);
    }
}
