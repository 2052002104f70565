package dev.rhizome.hyparview.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * SHUFFLE: a random walk that carries a sample of {@code origin}'s views to a random node, which answers
 * with a {@link ShuffleReply} of the same size straight to the origin.
 *
 * @param origin  the node that started the exchange
 * @param peers   the origin itself, up to ka active and up to kp passive peers
 * @param ttl     hops left
 * @param id      the origin's exchange number, echoed in the reply
 */
@Proto
public record Shuffle(WirePeer origin, List<WirePeer> peers, int ttl, long id) implements OverlayMessage {}
