package dev.rhizome.fullmesh;

import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.util.Map;
import java.util.Set;

/** The {@code fullmesh} topology: every member connects to every other on every channel. */
public final class FullMeshTopology implements Topology {

    /** The name users choose it by. */
    public static final String NAME = "fullmesh";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return FullMeshSettings.OWN;
    }

    /** Checks every setting the full mesh reads, its own {@code fullmesh.*} ones and the phi settings. */
    @Override
    public void validate(Map<String, String> settings) {
        FullMeshSettings.from(settings);
    }

    @Override
    public Protocol create(ProtocolContext context) {
        return new FullMeshProtocol(context);
    }
}
