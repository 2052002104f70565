package dev.rhizome.channels.wire;

import dev.rhizome.overlay.NodeId;
import org.infinispan.protostream.annotations.Proto;

/** A {@link NodeId} on the wire. */
@Proto
public record WireNode(String name, String host, int port, long incarnation) {

    /** The wire form of {@code id}. */
    public static WireNode of(NodeId id) {
        return new WireNode(id.name(), id.host(), id.port(), id.incarnation());
    }

    /** The node id; throws {@link IllegalArgumentException} for an invalid name or port. */
    public NodeId toNodeId() {
        return new NodeId(name, host, port, incarnation);
    }
}
