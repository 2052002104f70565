package dev.rhizome.membership.relay;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.wire.WireNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Route discovery for topologies whose router sees only its own neighbours (HyParView), as a sans-IO
 * state machine: a bounded flood of {@link RouteProbe}s over the neighbours' links, answered by the
 * target along the reverse path.
 *
 * <pre>
 *   origin:  start(target) ─▶ RouteProbe(id, target, [origin], ttl - 1) to every neighbour
 *   node n:  first copy of (origin, id) only; later copies are dropped
 *            n = target            ─▶ RouteFound(id, path + n) back to the previous node
 *            ttl = 0               ─▶ dropped
 *            target is a neighbour ─▶ the probe to the target alone
 *            otherwise             ─▶ the probe to every neighbour not on its path, ttl - 1
 *   RouteFound walks the path backwards; at the origin the first answer wins.
 * </pre>
 *
 * Each node forwards a probe at most once, so one search costs at most one message per directed link
 * within {@code ttl} hops of the origin, plus the answer's path length. Probes race, so the answer is
 * the path the first probe took to the target: the fastest, which is a shortest path when the links
 * are equally fast. Not thread-safe: one thread drives it.
 */
public final class RouteSearch {

    /** A frame to send to a neighbour on the control channel. */
    public record Send(NodeId to, Object frame) {}

    /** What handling a frame produced: frames to send, and the path of a search of ours that finished. */
    public record Step(List<Send> sends, Optional<Found> found) {
        static final Step NOTHING = new Step(List.of(), Optional.empty());
    }

    /** A search of this node's that finished. */
    public record Found(long id, NodeId target, List<NodeId> path) {}

    private final NodeId self;
    private final WireNode selfWire;
    private final int ttl;
    private final Map<Long, NodeId> pending = new HashMap<>();
    private final Map<Seen, Boolean> seen;
    private long nextId = 1;

    /**
     * @param self         this node
     * @param ttl          the most hops a probe travels, the relay TTL
     * @param seenCapacity how many recent searches are remembered to drop duplicate probes
     */
    public RouteSearch(NodeId self, int ttl, int seenCapacity) {
        if (ttl < 1 || seenCapacity < 1) {
            throw new IllegalArgumentException("ttl and seenCapacity must be positive: " + ttl + ", " + seenCapacity);
        }
        this.self = self;
        this.selfWire = WireNode.of(self);
        this.ttl = ttl;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Seen, Boolean> eldest) {
                return size() > seenCapacity;
            }
        };
    }

    /** A new search for {@code target}; its id is {@code sends}' probes' id. */
    public Started start(NodeId target, Collection<NodeId> neighbours) {
        long id = nextId++;
        pending.put(id, target);
        seen.put(new Seen(self, id), Boolean.TRUE);
        RouteProbe probe = new RouteProbe(id, WireNode.of(target), List.of(selfWire), ttl - 1);
        List<Send> sends = new ArrayList<>();
        if (neighbours.contains(target)) {
            sends.add(new Send(target, probe));
        } else {
            for (NodeId neighbour : neighbours) {
                if (!neighbour.equals(self)) {
                    sends.add(new Send(neighbour, probe));
                }
            }
        }
        return new Started(id, sends);
    }

    /** A search just started: its id and the probes to send. */
    public record Started(long id, List<Send> sends) {}

    /** Gives up on search {@code id}; returns its target if it was still pending. */
    public Optional<NodeId> expire(long id) {
        return Optional.ofNullable(pending.remove(id));
    }

    /** Whether search {@code id} is still waiting for an answer. */
    public boolean isPending(long id) {
        return pending.containsKey(id);
    }

    /** Handles a probe from neighbour {@code from}. */
    public Step onProbe(NodeId from, RouteProbe probe, Collection<NodeId> neighbours) {
        List<NodeId> path = ids(probe.path());
        if (path.isEmpty() || !path.get(path.size() - 1).equals(from) || path.contains(self)) {
            return Step.NOTHING;
        }
        if (seen.putIfAbsent(new Seen(path.get(0), probe.id()), Boolean.TRUE) != null) {
            return Step.NOTHING;
        }
        List<WireNode> extended = new ArrayList<>(probe.path());
        extended.add(selfWire);
        if (probe.target().id().equals(self)) {
            return new Step(List.of(new Send(from, new RouteFound(probe.id(), extended, extended.size() - 2))), Optional.empty());
        }
        if (probe.ttl() <= 0) {
            return Step.NOTHING;
        }
        NodeId target = probe.target().id();
        if (neighbours.contains(target)) {
            return new Step(List.of(new Send(target, new RouteProbe(probe.id(), probe.target(), extended, 0))), Optional.empty());
        }
        RouteProbe next = new RouteProbe(probe.id(), probe.target(), extended, probe.ttl() - 1);
        List<Send> sends = new ArrayList<>();
        for (NodeId neighbour : neighbours) {
            if (!neighbour.equals(self) && !path.contains(neighbour)) {
                sends.add(new Send(neighbour, next));
            }
        }
        return new Step(sends, Optional.empty());
    }

    /** Handles an answer from neighbour {@code from}: passes it back, or finishes a search of ours. */
    public Step onFound(NodeId from, RouteFound found) {
        List<NodeId> path = ids(found.path());
        int hop = found.hop();
        if (path.size() < 2 || hop < 0 || hop >= path.size() - 1 || !path.get(hop).equals(self)
                || !path.get(hop + 1).equals(from)) {
            return Step.NOTHING;
        }
        if (hop > 0) {
            return new Step(List.of(new Send(path.get(hop - 1), new RouteFound(found.id(), found.path(), hop - 1))),
                    Optional.empty());
        }
        NodeId target = pending.get(found.id());
        if (target == null || !target.equals(path.get(path.size() - 1))) {
            return Step.NOTHING; // answered already, expired, or not ours
        }
        pending.remove(found.id());
        return new Step(List.of(), Optional.of(new Found(found.id(), target, path)));
    }

    private static List<NodeId> ids(List<WireNode> nodes) {
        List<NodeId> ids = new ArrayList<>(nodes.size());
        for (WireNode node : nodes) {
            ids.add(node.id());
        }
        return ids;
    }

    private record Seen(NodeId origin, long id) {}
}
