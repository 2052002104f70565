package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * Plumtree's lazy push: "I have message {@code id}", sent to lazy peers instead of the payload.
 *
 * @param id    the message id
 * @param round the hops the payload would have travelled
 */
@Proto
public record IHave(long id, int round) implements BroadcastMessage {}
