package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * Plumtree's GRAFT: "send me {@code id}, and push to me eagerly from now on".
 *
 * @param id    the missing message id
 * @param round the round of the announcement that led to the graft
 */
@Proto
public record Graft(long id, int round) implements BroadcastMessage {}
