package dev.rhizome.overlay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing settings: {@code route-ttl}, and the {@code name@host:port} lists topologies configure. */
class RoutingSettingsTest {

    private static OverlayConfigBuilder base() {
        return OverlayConfig.builder("n1").cookie("secret").topology("solo");
    }

    @Test
    void routeTtlDefaultsTo16AndIsValidatedNamingTheSetting() {
        assertEquals(16, base().build().routeTtl());
        assertEquals(4, base().routeTtl(4).build().routeTtl());
        assertEquals(255, base().set("route-ttl", "255").build().routeTtl());
        for (String bad : List.of("0", "256", "-1", "many")) {
            ConfigException e = assertThrows(ConfigException.class, () -> base().set("route-ttl", bad).build());
            assertEquals("route-ttl", e.setting(), bad);
        }
    }

    @Test
    void nodeAddressListsParseAndFailNamingTheSetting() {
        assertEquals(List.of(new NodeAddress("a", "h1", 7000), new NodeAddress("b", "10.0.0.2", 7001)),
                NodeAddress.parseList("x.peers", " a@h1:7000 , b@10.0.0.2:7001", "peer"));
        assertTrue(NodeAddress.parseList("x.peers", "  ", "peer").isEmpty());
        for (String bad : List.of("a@h1", "@h:1", "a@:1", "a@h:0", "a@h:x", "a b@h:1", "a@h:1,,b@h:2")) {
            ConfigException e = assertThrows(ConfigException.class, () -> NodeAddress.parseList("x.peers", bad, "peer"));
            assertEquals("x.peers", e.setting(), bad);
        }
        ConfigException twice = assertThrows(ConfigException.class,
                () -> NodeAddress.parseList("x.servers", "s@h:1,s@h:2", "server"));
        assertTrue(twice.getMessage().contains("server 's' is listed twice"), twice.getMessage());
        assertEquals("s@h:1", NodeAddress.parseList("x", "s@h:1", "peer").get(0).toString());
    }
}
