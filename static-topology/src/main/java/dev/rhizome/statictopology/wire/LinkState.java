package dev.rhizome.statictopology.wire;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * One node's announcement of its adjacency, flooded to every node it can reach.
 *
 * @param origin     the node announcing
 * @param sequence   grows with each announcement of that incarnation; the newest wins
 * @param neighbours the nodes it has a live connection to
 * @param left       whether it has left the overlay for good
 */
@Proto
public record LinkState(WireNode origin, long sequence, List<WireNode> neighbours, boolean left) {}
