package dev.rhizome.channels.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * The acceptor's answer to a valid HELLO: its identity, its nonce and its proof that it knows the
 * cluster secret (see {@code HandshakeProof}).
 */
@Proto
public record Challenge(WireNode node, byte[] nonce, byte[] proof) implements ControlMessage {
}
