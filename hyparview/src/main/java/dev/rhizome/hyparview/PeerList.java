package dev.rhizome.hyparview;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One view (active or passive): peers in the order they were added, at most one incarnation per name,
 * the newest. Iteration and random picks go by the list, so they are reproducible; membership tests go
 * by name through a hash map, so they stay cheap with large passive views.
 */
final class PeerList implements Iterable<NodeId> {

    /** Views up to this size are searched by a scan rather than through the map. */
    private static final int SCAN_LIMIT = 8;

    private final List<NodeId> order = new ArrayList<>();
    private final Map<String, NodeId> byName = new HashMap<>();
    private final List<NodeId> readOnly = Collections.unmodifiableList(order);

    /** Whether exactly {@code peer} (that incarnation) is here. */
    boolean contains(NodeId peer) {
        if (order.size() <= SCAN_LIMIT) { // an active view: a short scan beats hashing, on the broadcast hot path
            for (int i = 0, n = order.size(); i < n; i++) {
                NodeId held = order.get(i);
                if (held == peer || held.equals(peer)) {
                    return true;
                }
            }
            return false;
        }
        return peer.equals(byName.get(peer.name()));
    }

    /** The incarnation of {@code name} held here, or null. */
    NodeId withName(String name) {
        return byName.get(name);
    }

    /**
     * Adds {@code peer}, replacing an older incarnation of its name.
     *
     * @return false if this incarnation or a newer one is already here
     */
    boolean add(NodeId peer) {
        NodeId held = byName.get(peer.name());
        if (held != null) {
            if (held.incarnation() >= peer.incarnation()) {
                return false;
            }
            order.remove(held);
        }
        order.add(peer);
        byName.put(peer.name(), peer);
        return true;
    }

    /** Removes exactly {@code peer}; returns whether it was here. */
    boolean remove(NodeId peer) {
        if (!contains(peer)) {
            return false;
        }
        byName.remove(peer.name());
        order.remove(peer);
        return true;
    }

    /** Removes and returns the peer at {@code index}. */
    NodeId removeAt(int index) {
        NodeId peer = order.remove(index);
        byName.remove(peer.name());
        return peer;
    }

    NodeId get(int index) {
        return order.get(index);
    }

    int size() {
        return order.size();
    }

    boolean isEmpty() {
        return order.isEmpty();
    }

    void clear() {
        order.clear();
        byName.clear();
    }

    /** A live read-only list view, in insertion order. */
    List<NodeId> asList() {
        return readOnly;
    }

    @Override
    public Iterator<NodeId> iterator() {
        return readOnly.iterator();
    }

    @Override
    public String toString() {
        return order.toString();
    }
}
