package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * JOIN: a new node asks its contact to take it into the active view.
 *
 * @param seq the sender's relationship counter (see {@link DisconnectNotice})
 */
@Proto
public record JoinRequest(long seq) implements OverlayMessage {}
