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
        return new HyParViewProtocol(context);
    }
}
