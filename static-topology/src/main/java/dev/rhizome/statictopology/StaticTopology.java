package dev.rhizome.statictopology;

import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.util.Map;
import java.util.Set;

/** The {@code static} topology: connections exactly as configured, shortest-path routing over them. */
public final class StaticTopology implements Topology {

    /** The name users choose it by. */
    public static final String NAME = "static";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return StaticSettings.OWN;
    }

    @Override
    public void validate(Map<String, String> settings) {
        StaticSettings.from(settings);
    }

    @Override
    public Protocol create(ProtocolContext context) {
        return new StaticProtocol(context);
    }
}
