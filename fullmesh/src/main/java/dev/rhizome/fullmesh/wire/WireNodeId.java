package dev.rhizome.fullmesh.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link dev.rhizome.overlay.NodeId} on the wire.
 *
 * @param name        the node's name
 * @param host        the host it listens on
 * @param port        the port it listens on
 * @param incarnation its incarnation
 */
@Proto
public record WireNodeId(String name, String host, int port, long incarnation) {}
