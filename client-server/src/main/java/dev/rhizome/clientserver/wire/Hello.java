package dev.rhizome.clientserver.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A server introduces itself on every new connection, so the other end knows it is talking to a server.
 *
 * @param server always true; kept as a field so the message is never empty on the wire
 */
@Proto
public record Hello(boolean server) {}
