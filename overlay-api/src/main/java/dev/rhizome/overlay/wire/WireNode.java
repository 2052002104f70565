package dev.rhizome.overlay.wire;

import dev.rhizome.overlay.NodeId;
import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link NodeId} on the wire, shared by every topology's control messages and the runtime's relay
 * envelopes. Its ProtoStream type is {@code rhizome.overlay.WireNode}; as a nested field it is encoded
 * by field numbers only, so schemas that used to declare their own copy stay wire-compatible.
 *
 * @param name        the node's name
 * @param host        the host it listens on
 * @param port        the port it listens on
 * @param incarnation its incarnation
 */
@Proto
public record WireNode(String name, String host, int port, long incarnation) {

    /** The wire form of {@code id}. */
    public static WireNode of(NodeId id) {
        return new WireNode(id.name(), id.host(), id.port(), id.incarnation());
    }

    /** The node this names. */
    public NodeId id() {
        return new NodeId(name, host, port, incarnation);
    }
}
