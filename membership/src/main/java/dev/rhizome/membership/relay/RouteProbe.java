package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A route search: flooded over the neighbours' links on the control channel until it meets its target.
 *
 * @param id     the search, unique per origin
 * @param target the node sought
 * @param path   the nodes the probe has visited, the origin first and the sender of this copy last
 * @param ttl    how many more hops this probe may travel after the receiver
 */
@Proto
public record RouteProbe(long id, WireNode target, List<WireNode> path, int ttl) {
}
