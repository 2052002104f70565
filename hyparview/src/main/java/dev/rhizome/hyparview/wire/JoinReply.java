package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * The contact has put the joiner in its active view; the joiner now does the same. The paper leaves
 * this implicit in the TCP connection; a transport-independent protocol needs it said.
 *
 * @param seq the sender's relationship counter
 */
@Proto
public record JoinReply(long seq) implements OverlayMessage {}
