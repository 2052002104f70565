package dev.rhizome.fullmesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.spi.Topologies;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FullMeshTopologyTest {

    private final FullMeshTopology topology = new FullMeshTopology();

    @Test
    void isFoundByNameThroughTheServiceLoader() {
        assertInstanceOf(FullMeshTopology.class, Topologies.byName("fullmesh"));
        assertEquals(FullMeshSettings.OWN, topology.settingNames());
    }

    @Test
    void rejectsANegativeGossipIntervalNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> topology.validate(Map.of("fullmesh.gossip-interval-ms", "-5")));
        assertEquals("fullmesh.gossip-interval-ms", e.setting());
    }

    @Test
    void rejectsOtherBadSettingsNamingEach() {
        assertEquals("fullmesh.tombstone-ttl-ms", assertThrows(ConfigException.class,
                () -> topology.validate(Map.of("fullmesh.tombstone-ttl-ms", "soon"))).setting());
        assertEquals("fullmesh.tombstone-ttl-ms", assertThrows(ConfigException.class,
                () -> topology.validate(Map.of("fullmesh.tombstone-ttl-ms", "100"))).setting());
        assertEquals("phi-threshold", assertThrows(ConfigException.class,
                () -> topology.validate(Map.of("phi-threshold", "0"))).setting());
        assertEquals("fullmesh.gossip-intervall-ms", assertThrows(ConfigException.class,
                () -> topology.validate(Map.of("fullmesh.gossip-intervall-ms", "500"))).setting());
    }

    @Test
    void acceptsDefaultsAndGoodValues() {
        topology.validate(Map.of());
        topology.validate(Map.of("fullmesh.gossip-interval-ms", "250", "fullmesh.tombstone-ttl-ms", "30000",
                "heartbeat-interval-ms", "100", "phi-threshold", "10.5", "unrelated", "x"));
        FullMeshSettings defaults = FullMeshSettings.defaults();
        assertEquals(new FullMeshSettings(200, 8.0, 50, 0, 500, 60_000), defaults);
    }
}
