package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A user message travelling a multi-hop route. It is sent on each hop's own channel with the reserved
 * codec id {@link RelayCodec#ID}; the payload inside keeps the sender's codec id.
 *
 * @param path         the route's nodes, source first and destination last
 * @param channels     the channel of each hop; {@code channels.get(i)} joins {@code path.get(i)} to
 *                     {@code path.get(i + 1)}
 * @param hop          the index in {@code path} of the node this frame is addressed to
 * @param ttl          how many more hops the message may travel after reaching that node
 * @param codecId      the payload's codec id, as the sender encoded it
 * @param partitionKey the sender's partition key, kept on every hop for per-key FIFO order
 * @param payload      the encoded message
 */
@Proto
public record RelayEnvelope(List<WireNode> path, List<String> channels, int hop, int ttl, int codecId,
        long partitionKey, byte[] payload) {
}
