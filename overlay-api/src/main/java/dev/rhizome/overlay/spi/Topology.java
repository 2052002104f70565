package dev.rhizome.overlay.spi;

import java.util.Map;
import java.util.Set;

/**
 * A topology, registered in {@code META-INF/services/dev.rhizome.overlay.spi.Topology} and chosen by
 * {@link #name()} at startup.
 */
public interface Topology {

    /** The name users choose it by, e.g. {@code fullmesh}. */
    String name();

    /** The topology's own setting keys (each starting with {@code name() + "."}). */
    Set<String> settingNames();

    /**
     * Checks this topology's own settings, throwing {@link dev.rhizome.overlay.config.ConfigException}
     * naming the first bad one.
     */
    void validate(Map<String, String> settings);

    /** Creates the protocol for one node. */
    Protocol create(ProtocolContext context);
}
