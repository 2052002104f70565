package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * The answer to a {@link NeighborRequest}. On accept both sides hold each other in their active views;
 * on reject the requester keeps the receiver in its passive view and tries another.
 *
 * @param accepted whether the receiver took the sender in
 * @param seq      the sender's relationship counter
 */
@Proto
public record NeighborReply(boolean accepted, long seq) implements OverlayMessage {}
