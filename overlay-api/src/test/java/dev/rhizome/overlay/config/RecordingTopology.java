package dev.rhizome.overlay.config;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * A one-node topology registered for overlay-api's own tests, so configuration validation can find a
 * topology by name and check topology-specific settings. It has one setting, {@code solo.limit}.
 */
public final class RecordingTopology implements Topology {

    @Override
    public String name() {
        return "solo";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("solo.limit");
    }

    @Override
    public void validate(Map<String, String> settings) {
        String limit = settings.get("solo.limit");
        if (limit != null && !limit.matches("[0-9]+")) {
            throw new ConfigException("solo.limit", "'" + limit + "' is not a whole number");
        }
    }

    @Override
    public Protocol create(ProtocolContext context) {
        NodeId self = context.self().id();
        return new Protocol() {
            @Override
            public List<Output> handle(long nowMillis, Input input) {
                // one node: a broadcast is only delivered locally
                if (input instanceof Input.Broadcast broadcast) {
                    return List.of(new Output.Deliver(self, broadcast.payload()));
                }
                return List.of();
            }

            @Override
            public SortedSet<NodeId> members() {
                return new TreeSet<>(Set.of(self));
            }

            @Override
            public Router router() {
                return (from, to, channel) -> from.equals(to) ? Optional.of(Route.identity(from)) : Optional.empty();
            }

            @Override
            public List<SerializationContextInitializer> schemas() {
                return List.of();
            }
        };
    }
}
