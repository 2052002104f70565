package dev.rhizome.fullmesh.state;

import org.infinispan.protostream.annotations.ProtoEnumValue;

/**
 * What the cluster believes about one incarnation of a node. The declaration order is the merge rank:
 * at equal incarnation and version, a later constant wins ({@code LEFT > DOWN > ALIVE}).
 */
public enum MemberStatus {
    /** Running and, as far as anyone knows, reachable. */
    @ProtoEnumValue(0) ALIVE,
    /** Declared failed by some member; the node may refute it by re-asserting ALIVE at a higher version. */
    @ProtoEnumValue(1) DOWN,
    /** Left gracefully; final for this incarnation. */
    @ProtoEnumValue(2) LEFT;

    /** Whether this status is a tombstone (DOWN or LEFT). */
    public boolean isTombstone() {
        return this != ALIVE;
    }
}
