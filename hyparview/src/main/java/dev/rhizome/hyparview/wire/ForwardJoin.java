package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * FORWARDJOIN: a random walk that introduces {@code joiner} to the overlay.
 *
 * @param joiner the new node
 * @param ttl    hops left: the walk ends at 0, and the node that sees the passive random walk length
 *               keeps the joiner in its passive view
 */
@Proto
public record ForwardJoin(WirePeer joiner, int ttl) implements OverlayMessage {}
