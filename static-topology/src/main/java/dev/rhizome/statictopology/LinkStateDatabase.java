package dev.rhizome.statictopology;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.PathFinder;
import dev.rhizome.statictopology.wire.LinkState;
import dev.rhizome.overlay.wire.WireNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The newest adjacency announcement of every node heard of, by name, and the graph they describe.
 *
 * <p>An announcement replaces the held one when its origin has a larger incarnation, or the same
 * incarnation and a larger sequence. An edge {@code a — b} is in the graph only when both ends announce
 * it, about each other's exact incarnations; so a crashed node's last announcement, which its
 * neighbours no longer confirm, joins nothing.
 */
final class LinkStateDatabase {

    /** One node's newest announcement, in domain types. */
    record Entry(NodeId origin, long sequence, SortedSet<NodeId> neighbours, boolean left) {

        static Entry of(LinkState state) {
            SortedSet<NodeId> around = new TreeSet<>();
            for (WireNode node : state.neighbours()) {
                around.add(node.id());
            }
            return new Entry(state.origin().id(), state.sequence(), around, state.left());
        }

        LinkState wire() {
            List<WireNode> around = new ArrayList<>();
            for (NodeId node : neighbours) {
                around.add(WireNode.of(node));
            }
            return new LinkState(WireNode.of(origin), sequence, around, left);
        }

        boolean newerThan(Entry other) {
            if (origin.incarnation() != other.origin.incarnation()) {
                return origin.incarnation() > other.origin.incarnation();
            }
            return sequence > other.sequence;
        }
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    /** Keeps {@code entry} if it is newer than what is held for its name; says whether it was. */
    boolean merge(Entry entry) {
        Entry held = entries.get(entry.origin().name());
        if (held != null && !entry.newerThan(held)) {
            return false;
        }
        entries.put(entry.origin().name(), entry);
        return true;
    }

    /** The entry held for {@code name}. */
    Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Every entry, by name. */
    List<LinkState> wire() {
        List<LinkState> states = new ArrayList<>();
        for (Entry entry : entries.values()) {
            states.add(entry.wire());
        }
        return states;
    }

    /** The confirmed graph as seen from {@code self}: only its connected component. */
    OverlayGraph graphFrom(NodeId self) {
        OverlayGraph.Builder graph = OverlayGraph.builder().node(self);
        for (Entry entry : entries.values()) {
            if (entry.left()) {
                continue;
            }
            graph.node(entry.origin());
            for (NodeId neighbour : entry.neighbours()) {
                Entry other = entries.get(neighbour.name());
                if (other != null && !other.left() && other.origin().equals(neighbour)
                        && other.neighbours().contains(entry.origin()) && !neighbour.equals(entry.origin())) {
                    graph.edge(entry.origin(), neighbour);
                }
            }
        }
        OverlayGraph whole = graph.build();
        Set<NodeId> reachable = PathFinder.distances(whole, self).keySet();
        return whole.restrictedTo(reachable::contains);
    }
}
