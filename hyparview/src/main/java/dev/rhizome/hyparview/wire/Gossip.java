package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A broadcast payload, eagerly pushed.
 *
 * @param id      the message id (random per broadcast)
 * @param round   hops travelled so far: 0 when the origin sends it
 * @param payload the application's bytes
 */
@Proto
public record Gossip(long id, int round, byte[] payload) implements BroadcastMessage {}
