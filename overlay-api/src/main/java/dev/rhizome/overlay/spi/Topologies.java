package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.config.ConfigException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds topologies on the class path through {@link ServiceLoader}. */
public final class Topologies {

    private Topologies() {}

    /** Every topology on the class path, by name. */
    public static Map<String, Topology> available() {
        Map<String, Topology> byName = new TreeMap<>();
        for (Topology topology : ServiceLoader.load(Topology.class, Topologies.class.getClassLoader())) {
            byName.putIfAbsent(topology.name(), topology);
        }
        return byName;
    }

    /**
     * The topology called {@code name}.
     *
     * @throws ConfigException naming the {@code topology} setting and listing the names that exist
     */
    public static Topology byName(String name) {
        Map<String, Topology> available = available();
        Topology topology = available.get(name);
        if (topology == null) {
            throw new ConfigException("topology", "unknown topology '" + name + "'; available: "
                    + (available.isEmpty() ? "none (no topology module on the class path)" : String.join(", ", available.keySet())));
        }
        return topology;
    }
}
