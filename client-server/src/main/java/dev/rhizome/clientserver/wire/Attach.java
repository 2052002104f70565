package dev.rhizome.clientserver.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A client asks a server to host it, and so announces a move.
 *
 * @param epoch    grows with each attach of this client incarnation; the highest attach wins
 * @param previous the server it was attached to before, empty if none
 */
@Proto
public record Attach(long epoch, String previous) {}
