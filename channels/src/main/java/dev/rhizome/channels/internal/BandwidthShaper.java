package dev.rhizome.channels.internal;

import io.netty.channel.Channel;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;

/**
 * Puts Netty's {@link ChannelTrafficShapingHandler} at the socket end of a connection's pipeline to
 * cap its outgoing bandwidth (fault injection / WAN emulation), reconfigures it, or removes it.
 */
final class BandwidthShaper {

    static final String NAME = "bandwidth-cap";
    private static final long CHECK_INTERVAL_MS = 10;

    private BandwidthShaper() {
    }

    /**
     * Caps {@code ch}'s writes at {@code bytesPerSecond}; 0 removes the cap. Any thread.
     *
     * @param maxHeldBytes the channel turns unwritable once this much waits in the shaper (the lane's high
     *                     watermark), so backpressure and monotonic coalescing see the cap early
     */
    static void apply(Channel ch, long bytesPerSecond, long maxHeldBytes) {
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            if (!ch.isOpen()) {
                return;
            }
            ChannelTrafficShapingHandler shaper = (ChannelTrafficShapingHandler) ch.pipeline().get(NAME);
            if (bytesPerSecond <= 0) {
                if (shaper != null) {
                    ch.pipeline().remove(shaper);
                }
            } else if (shaper == null) {
                ChannelTrafficShapingHandler added = new ChannelTrafficShapingHandler(bytesPerSecond, 0, CHECK_INTERVAL_MS);
                added.setMaxWriteSize(maxHeldBytes);
                ch.pipeline().addFirst(NAME, added);
            } else {
                shaper.configure(bytesPerSecond, 0);
            }
        });
    }
}
