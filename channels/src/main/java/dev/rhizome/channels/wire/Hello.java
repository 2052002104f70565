package dev.rhizome.channels.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * The dialer's opening message.
 *
 * @param cluster       the cluster name; must match the acceptor's
 * @param formatVersion the dialer's wire format version
 * @param node          the dialer's identity
 * @param channel       the channel this connection is for
 * @param lane          the lane of that channel, {@code 0 .. parallelism-1}
 * @param nonce         the dialer's random nonce
 */
@Proto
public record Hello(String cluster, int formatVersion, WireNode node, String channel, int lane, byte[] nonce)
        implements ControlMessage {
}
