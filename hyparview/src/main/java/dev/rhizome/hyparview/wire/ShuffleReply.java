package dev.rhizome.hyparview.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * SHUFFLEREPLY: the walk's end node's passive sample, sent to the origin over a temporary connection.
 *
 * @param peers as many passive peers as the origin sent, or fewer if the passive view is smaller
 * @param id    the exchange number from the {@link Shuffle}
 */
@Proto
public record ShuffleReply(List<WirePeer> peers, long id) implements OverlayMessage {}
