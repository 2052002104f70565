package dev.rhizome.clientserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.NodeAddress;
import dev.rhizome.overlay.spi.Topologies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Role and server set are validated, naming the bad setting, and the topology is found by name. */
class ClientServerSettingsTest {

    private final ClientServerTopology topology = new ClientServerTopology();

    private static String settingOf(Runnable check) {
        return assertThrows(ConfigException.class, check::run).getMessage();
    }

    @Test
    void roleAndServersParse() {
        ClientServerSettings client = ClientServerSettings.from(Map.of(ClientServerSettings.ROLE, "Client",
                ClientServerSettings.SERVERS, "s0@h:7000, s1@h:7001"));
        assertEquals(Role.CLIENT, client.role());
        assertEquals(List.of(new NodeAddress("s0", "h", 7000), new NodeAddress("s1", "h", 7001)), client.servers());
        assertEquals(Role.SERVER, ClientServerSettings.from(Map.of(ClientServerSettings.ROLE, "server")).role());
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(settingOf(() -> topology.validate(Map.of())).contains(ClientServerSettings.ROLE));
        assertTrue(settingOf(() -> topology.validate(Map.of(ClientServerSettings.ROLE, "peer")))
                .contains(ClientServerSettings.ROLE));
        assertTrue(settingOf(() -> topology.validate(Map.of(ClientServerSettings.ROLE, "client")))
                .contains(ClientServerSettings.SERVERS));
        for (String bad : List.of("s0", "s0@h", "s0@h:x", "s0@h:70000", "s0@h:1,s0@h:2")) {
            assertTrue(settingOf(() -> topology.validate(Map.of(ClientServerSettings.ROLE, "client",
                    ClientServerSettings.SERVERS, bad))).contains(ClientServerSettings.SERVERS), bad);
        }
        assertTrue(settingOf(() -> topology.validate(Map.of(ClientServerSettings.ROLE, "server",
                ClientServerSettings.REDIAL_INTERVAL, "0"))).contains(ClientServerSettings.REDIAL_INTERVAL));
        assertTrue(settingOf(() -> topology.validate(Map.of(ClientServerSettings.ROLE, "server",
                "client-server.nope", "1"))).contains("client-server.nope"));
    }

    @Test
    void foundByName() {
        assertEquals(ClientServerTopology.class, Topologies.byName("client-server").getClass());
        assertEquals(ClientServerSettings.OWN, topology.settingNames());
    }
}
