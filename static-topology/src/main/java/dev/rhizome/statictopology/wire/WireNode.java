package dev.rhizome.statictopology.wire;

import dev.rhizome.overlay.NodeId;
import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link NodeId} on the wire.
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
