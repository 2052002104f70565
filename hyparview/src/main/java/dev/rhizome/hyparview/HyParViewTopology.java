package dev.rhizome.hyparview;

import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.util.Map;
import java.util.Set;

/** The {@code hyparview} topology: a small symmetric active view per node, repaired from a passive one. */
public final class HyParViewTopology implements Topology {

    /** The name users choose it by. */
    public static final String NAME = "hyparview";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return HyParViewSettings.NAMES;
    }

    @Override
    public void validate(Map<String, String> settings) {
        HyParViewSettings.from(settings);
    }

    @Override
    public Protocol create(ProtocolContext context) {
        HyParViewProtocol inner = new HyParViewProtocol(context);
        if (!Boolean.getBoolean("hv.debug")) {
            return inner;
        }
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("hvdebug");
        return new Protocol() {
            public java.util.List<dev.rhizome.overlay.spi.Output> handle(long now, dev.rhizome.overlay.spi.Input input) {
                var out = inner.handle(now, input);
                if (!(input instanceof dev.rhizome.overlay.spi.Input.Broadcast)) {
                    log.warn("{} IN {} OUT {}", inner.self().name(), input, out);
                }
                return out;
            }
            public java.util.SortedSet<dev.rhizome.overlay.NodeId> members() { return inner.members(); }
            public java.util.Collection<dev.rhizome.overlay.NodeId> passiveView() { return inner.passiveView(); }
            public dev.rhizome.overlay.route.Router router() { return inner.router(); }
            public java.util.List<org.infinispan.protostream.SerializationContextInitializer> schemas() { return inner.schemas(); }
        };
    }
}
