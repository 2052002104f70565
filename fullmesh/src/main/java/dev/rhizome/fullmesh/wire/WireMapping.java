package dev.rhizome.fullmesh.wire;

import dev.rhizome.fullmesh.state.MemberEntry;
import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Converts between the domain types and their wire records. */
public final class WireMapping {

    private WireMapping() {}

    public static WireNodeId toWire(NodeId id) {
        return new WireNodeId(id.name(), id.host(), id.port(), id.incarnation());
    }

    public static NodeId fromWire(WireNodeId id) {
        return new NodeId(id.name(), id.host(), id.port(), id.incarnation());
    }

    public static WireEntry toWire(MemberEntry entry) {
        return new WireEntry(toWire(entry.id()), entry.version(), entry.status(), entry.metadata());
    }

    public static MemberEntry fromWire(WireEntry entry) {
        return new MemberEntry(fromWire(entry.id()), entry.version(), entry.status(), entry.metadata());
    }

    /** A state message carrying {@code entries}. */
    public static MemberState state(Collection<MemberEntry> entries, boolean replyWanted) {
        List<WireEntry> wire = new ArrayList<>(entries.size());
        for (MemberEntry entry : entries) {
            wire.add(toWire(entry));
        }
        return new MemberState(wire, replyWanted);
    }

    /**
     * The entries of a state message; malformed ones (e.g. an invalid name) are skipped, so one bad
     * entry cannot poison the member set.
     */
    public static List<MemberEntry> entries(MemberState state) {
        List<MemberEntry> entries = new ArrayList<>(state.entries() == null ? 0 : state.entries().size());
        if (state.entries() != null) {
            for (WireEntry entry : state.entries()) {
                try {
                    entries.add(fromWire(entry));
                } catch (IllegalArgumentException | NullPointerException malformed) {
                    // skip it: the sender is buggy or hostile, the rest of its state is still useful
                }
            }
        }
        return entries;
    }
}
