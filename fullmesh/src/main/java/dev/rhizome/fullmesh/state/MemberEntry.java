package dev.rhizome.fullmesh.state;

import dev.rhizome.overlay.NodeId;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node's row in the member set.
 *
 * <p><b>Merge</b> is the maximum under a total order, which makes it commutative, associative and
 * idempotent (a join-semilattice):
 * <ol>
 *   <li>the higher {@link NodeId#incarnation() incarnation} wins (a restart replaces its predecessor);</li>
 *   <li>at the same incarnation the higher {@code version} wins (only the node itself bumps it, to
 *       refute a false DOWN or to announce new metadata);</li>
 *   <li>at the same version the higher status rank wins: {@code LEFT > DOWN > ALIVE}, so an observer
 *       declares a node DOWN without touching its version;</li>
 *   <li>anything still tied (entries that should never differ) is broken by address, then metadata,
 *       only so that the order stays total.</li>
 * </ol>
 *
 * @param id       the node and its incarnation
 * @param version  the node's own counter within this incarnation
 * @param status   what the cluster believes
 * @param metadata what the node announces (sorted, immutable)
 */
public record MemberEntry(NodeId id, long version, MemberStatus status, Map<String, String> metadata) {

    /** The merge order: the greater entry carries more information. */
    public static final Comparator<MemberEntry> DOMINANCE = Comparator
            .comparingLong((MemberEntry entry) -> entry.id().incarnation())
            .thenComparingLong(MemberEntry::version)
            .thenComparing(MemberEntry::status)
            .thenComparing(MemberEntry::id)
            .thenComparing(MemberEntry::metadata, MemberEntry::compareMetadata);

    public MemberEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
    }

    /** A node announcing itself: ALIVE at version 1. */
    public static MemberEntry alive(NodeId id, Map<String, String> metadata) {
        return new MemberEntry(id, 1, MemberStatus.ALIVE, metadata);
    }

    /** The node's name, the CRDT key. */
    public String name() {
        return id.name();
    }

    /** Whether this entry is about a node called like {@code node}, whatever the incarnation. */
    public boolean sameNameAs(NodeId node) {
        return id.sameName(node);
    }

    /** The join of two entries for the same name. */
    public static MemberEntry merge(MemberEntry left, MemberEntry right) {
        if (!left.name().equals(right.name())) {
            throw new IllegalArgumentException("cannot merge entries of " + left.name() + " and " + right.name());
        }
        return DOMINANCE.compare(left, right) >= 0 ? left : right;
    }

    /** Whether this entry strictly carries more information than {@code other}. */
    public boolean dominates(MemberEntry other) {
        return DOMINANCE.compare(this, other) > 0;
    }

    /** The same incarnation and version with another status: how an observer declares DOWN. */
    public MemberEntry withStatus(MemberStatus newStatus) {
        return new MemberEntry(id, version, newStatus, metadata);
    }

    /** The owner's re-assertion: {@code status} at a version above {@code atLeast}. */
    public MemberEntry bumped(long atLeast, MemberStatus newStatus) {
        return new MemberEntry(id, Math.max(version, atLeast) + 1, newStatus, metadata);
    }

    private static int compareMetadata(Map<String, String> left, Map<String, String> right) {
        Iterator<Map.Entry<String, String>> a = left.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = right.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<String, String> x = a.next();
            Map.Entry<String, String> y = b.next();
            int byKey = x.getKey().compareTo(y.getKey());
            if (byKey != 0) {
                return byKey;
            }
            int byValue = x.getValue().compareTo(y.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }
}
