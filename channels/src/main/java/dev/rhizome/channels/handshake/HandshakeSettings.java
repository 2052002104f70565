package dev.rhizome.channels.handshake;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.time.Duration;
import java.util.Map;

/**
 * What a handshake needs to know about this node.
 *
 * @param self     this node
 * @param cluster  the cluster name
 * @param proof    the MAC over the shared secret
 * @param channels the configured channels by name
 * @param timeout  how long the whole handshake may take
 */
public record HandshakeSettings(NodeId self, String cluster, HandshakeProof proof,
        Map<String, ChannelSpec> channels, Duration timeout) {
}
