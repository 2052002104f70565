package dev.rhizome.fullmesh.wire;

import dev.rhizome.fullmesh.state.MemberStatus;
import java.util.Map;
import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link dev.rhizome.fullmesh.state.MemberEntry} on the wire.
 *
 * @param id       the node and its incarnation
 * @param version  the node's own counter within the incarnation
 * @param status   ALIVE, DOWN or LEFT
 * @param metadata what the node announces
 */
@Proto
public record WireEntry(WireNodeId id, long version, MemberStatus status, Map<String, String> metadata) {}
