package dev.rhizome.channels.internal;

import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** All lanes of all channels to one peer, and whether the transport should keep them connected. */
final class PeerLinks {

    final NodeId peer;
    final Map<String, LaneSet> channels;
    /** Guarded by {@code this}: {@code connect(peer)} was called and {@code disconnect(peer)} was not. */
    boolean wanted;

    PeerLinks(NodeId peer, Iterable<ChannelSpec> specs, Function<String, ChannelOptions> options) {
        this.peer = peer;
        Map<String, LaneSet> map = new HashMap<>();
        for (ChannelSpec spec : specs) {
            map.put(spec.name(), new LaneSet(spec, options.apply(spec.name())));
        }
        this.channels = Map.copyOf(map);
    }
}
