package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;
import org.infinispan.protostream.annotations.ProtoFactory;

/**
 * A broadcast payload, eagerly pushed.
 *
 * @param id      the message id (random per broadcast)
 * @param round   hops travelled so far: 0 when the origin sends it
 * @param payload the application's bytes
 * @param origin  the node that started the broadcast, or null when unknown
 */
@Proto
public record Gossip(long id, int round, byte[] payload, WirePeer origin) implements BroadcastMessage {

    /** The canonical constructor, which the wire uses. */
    @ProtoFactory
    public Gossip {
    }

    /** A gossip whose origin is unknown. */
    public Gossip(long id, int round, byte[] payload) {
        this(id, round, payload, null);
    }
}
