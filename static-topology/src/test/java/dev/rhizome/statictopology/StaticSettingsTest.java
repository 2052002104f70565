package dev.rhizome.statictopology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.NodeAddress;
import dev.rhizome.overlay.spi.Topologies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The static topology's settings are validated, naming the bad setting, and it is found by name. */
class StaticSettingsTest {

    private final StaticTopology topology = new StaticTopology();

    @Test
    void peersParse() {
        StaticSettings settings = StaticSettings.from(Map.of(StaticSettings.PEERS, " a@h1:7000, b@10.0.0.2:7001 "));
        assertEquals(List.of(new NodeAddress("a", "h1", 7000), new NodeAddress("b", "10.0.0.2", 7001)), settings.peers());
        assertEquals(16, settings.maxHops());
        assertTrue(StaticSettings.from(Map.of()).peers().isEmpty());
    }

    @Test
    void badSettingsAreRefusedByName() {
        for (String bad : List.of("a@h1", "h1:7000", "a@h1:x", "a@h1:0", "bad name@h:1", "a@h:1,,b@h:2", "a@h:1,a@h:2")) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> topology.validate(Map.of(StaticSettings.PEERS, bad)), bad);
            assertTrue(error.getMessage().contains(StaticSettings.PEERS), error::getMessage);
        }
        assertThrows(ConfigException.class, () -> topology.validate(Map.of(StaticSettings.MAX_HOPS, "0")));
        assertThrows(ConfigException.class, () -> topology.validate(Map.of(StaticSettings.REDIAL_INTERVAL, "-5")));
        assertThrows(ConfigException.class, () -> topology.validate(Map.of("static.nope", "1")));
    }

    @Test
    void foundByName() {
        assertEquals(StaticTopology.class, Topologies.byName("static").getClass());
        assertEquals(StaticSettings.OWN, topology.settingNames());
    }
}
