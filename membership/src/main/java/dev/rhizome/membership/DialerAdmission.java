package dev.rhizome.membership;

import com.codahale.metrics.Counter;
import dev.rhizome.channels.Admission;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's admission policy, from the topology: asks {@link Protocol#refuseDialer} in each
 * handshake, and logs and counts ({@code membership.refused-dialers}) every refusal.
 */
final class DialerAdmission implements Admission {

    private static final Logger LOG = LoggerFactory.getLogger(DialerAdmission.class);

    private final String nodeName;
    private final Protocol protocol;
    private final Counter refused;

    DialerAdmission(String nodeName, Protocol protocol, Counter refused) {
        this.nodeName = nodeName;
        this.protocol = protocol;
        this.refused = refused;
    }

    @Override
    public String refuse(NodeId dialer, String channel) {
        String reason = protocol.refuseDialer(dialer);
        if (reason != null) {
            refused.inc();
            LOG.warn("{}: refused {} on {} in the handshake: {}", nodeName, dialer, channel, reason);
        }
        return reason;
    }
}
