package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A relay could not pass a message on and had no route of its own: it tells the origin, back along the
 * path the message came, so the origin forgets the learned path and asks its router (or searches) again.
 *
 * @param target the message's destination
 * @param path   the nodes the message visited, the origin first and the relay that lost it last
 * @param hop    the index in {@code path} of the node this copy is addressed to (counting down to 0)
 */
@Proto
public record RouteLost(WireNode target, List<WireNode> path, int hop) {
}
