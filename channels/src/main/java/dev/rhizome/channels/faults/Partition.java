package dev.rhizome.channels.faults;

import dev.rhizome.channels.Transport;
import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A partition between two sets of nodes: every message between a node of one side and a node of the
 * other is dropped, in both directions, until {@link #heal()}. Connections stay up (like a black-holing
 * network); a failure detector sees silence.
 */
public final class Partition {

    private final List<Fault> faults;

    private Partition(List<Fault> faults) {
        this.faults = faults;
    }

    /** Cuts every pair (one node of {@code left}, one of {@code right}). */
    public static Partition between(Collection<Transport> left, Collection<Transport> right) {
        List<NodeId> leftIds = left.stream().map(Transport::self).toList();
        List<NodeId> rightIds = right.stream().map(Transport::self).toList();
        List<Fault> faults = new ArrayList<>();
        left.forEach(t -> faults.add(t.faults().isolate(rightIds)));
        right.forEach(t -> faults.add(t.faults().isolate(leftIds)));
        return new Partition(faults);
    }

    /** Heals the partition (idempotent). */
    public void heal() {
        faults.forEach(Fault::remove);
    }
}
