package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A route search's answer, sent back by the target along the reverse of the path the probe took.
 *
 * @param id   the search it answers
 * @param path the route found, the origin first and the target last
 * @param hop  the index in {@code path} of the node this copy is addressed to (counting down to 0)
 */
@Proto
public record RouteFound(long id, List<WireNode> path, int hop) {
}
