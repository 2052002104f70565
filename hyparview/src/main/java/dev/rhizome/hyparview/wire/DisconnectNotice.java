package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * DISCONNECT: the sender dropped the receiver from its active view.
 *
 * <p>Every message that starts a relationship (join, neighbour request, reply) carries the sender's
 * counter, and so does this one; a notice whose counter is below the last relationship counter heard
 * from the same peer predates the current relationship and is ignored.
 *
 * @param seq     the sender's relationship counter when it dropped the receiver
 * @param leaving true when the sender is leaving the overlay (the receiver forgets it), false for an
 *                eviction (the receiver keeps it as a passive peer)
 */
@Proto
public record DisconnectNotice(long seq, boolean leaving) implements OverlayMessage {}
