package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * NEIGHBOR: asks the receiver to take the sender into its active view.
 *
 * @param highPriority true when the sender has no neighbour at all (the receiver must accept, evicting
 *                     someone if full) or ends a join walk; false for an ordinary refill, which the
 *                     receiver accepts only into a free slot
 * @param seq          the sender's relationship counter
 */
@Proto
public record NeighborRequest(boolean highPriority, long seq) implements OverlayMessage {}
