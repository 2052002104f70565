package dev.rhizome.fullmesh.state;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The member set: the newest known {@link MemberEntry} per node name. Updates only ever move an
 * entry up the {@link MemberEntry#DOMINANCE} order, so merging tables in any order, any number of
 * times, gives the same table. {@link #remove} (tombstone reaping) is the one non-lattice operation
 * and belongs to the protocol.
 */
public final class MemberTable {

    private final SortedMap<String, MemberEntry> entries = new TreeMap<>();

    /** The entry for {@code name}, if any. */
    public Optional<MemberEntry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * Joins {@code incoming} into the table.
     *
     * @return the entry for that name before and after; {@link Merge#changed()} tells whether it moved
     */
    public Merge merge(MemberEntry incoming) {
        MemberEntry current = entries.get(incoming.name());
        if (current == null) {
            entries.put(incoming.name(), incoming);
            return new Merge(null, incoming);
        }
        MemberEntry joined = MemberEntry.merge(current, incoming);
        if (joined == current) {
            return new Merge(current, current);
        }
        entries.put(incoming.name(), joined);
        return new Merge(current, joined);
    }

    /** Joins every entry of {@code other} into this table. */
    public void mergeAll(Collection<MemberEntry> other) {
        for (MemberEntry entry : other) {
            merge(entry);
        }
    }

    /** Forgets {@code name} (reaping a tombstone). */
    public Optional<MemberEntry> remove(String name) {
        return Optional.ofNullable(entries.remove(name));
    }

    /** Every entry, by name. */
    public Collection<MemberEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** An immutable copy of the table, by name. */
    public Map<String, MemberEntry> snapshot() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /**
     * The outcome of one merge.
     *
     * @param before the entry before (null when the name was new)
     * @param after  the entry now in the table
     */
    public record Merge(MemberEntry before, MemberEntry after) {
        /** Whether the table changed. */
        public boolean changed() {
            return before != after;
        }
    }
}
