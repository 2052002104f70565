package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;
import org.infinispan.protostream.annotations.ProtoFactory;

/**
 * Plumtree's GRAFT: "send me {@code id}, and push to me eagerly from now on".
 *
 * @param id       the missing message id
 * @param round    the round of the announcement that led to the graft
 * @param linkOnly true for the tree optimisation's GRAFT (the paper's {@code GRAFT(null, round)}): the
 *                 sender already has {@code id} and asks only for the link to become eager, so no payload
 *                 is sent back; absent on the wire (false) from peers that predate the field
 */
@Proto
public record Graft(long id, int round, boolean linkOnly) implements BroadcastMessage {

    /** The canonical constructor, which the wire uses. */
    @ProtoFactory
    public Graft {
    }

    /** A GRAFT that asks for the missing message {@code id}. */
    public Graft(long id, int round) {
        this(id, round, false);
    }
}
