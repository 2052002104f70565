package dev.rhizome.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import dev.rhizome.overlay.config.OverlayConfigLoader;
import dev.rhizome.overlay.spi.Topologies;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Choosing a topology at startup, with all four topology modules on the class path: the one
 * {@code topology} setting, each topology's own settings validated, and a setting of another topology
 * or an unknown name refused naming the setting and listing the valid ones; the same through the
 * builder, a properties file and the command line.
 */
class TopologyChoiceTest {

    private static final List<String> ALL = List.of("client-server", "fullmesh", "hyparview", "static");

    /** A setting each topology accepts, and a value it must refuse. */
    private static final Map<String, String[]> OWN = Map.of(
            "fullmesh", new String[] {"fullmesh.gossip-interval-ms", "200", "soon"},
            "hyparview", new String[] {"hyparview.active-size", "4", "0"},
            "client-server", new String[] {"client-server.redial-interval-ms", "100", "-1"},
            "static", new String[] {"static.max-hops", "8", "0"});

    private static OverlayConfigBuilder node(String topology) {
        OverlayConfigBuilder builder = OverlayConfig.builder("t").cookie("topology-choice-test").topology(topology);
        if (topology.equals("client-server")) {
            builder.set("client-server.role", "server");
        }
        return builder;
    }

    @Test
    void allFourAreOnTheClassPathByName() {
        assertEquals(Set.copyOf(ALL), Topologies.available().keySet());
        for (String topology : ALL) {
            assertEquals(topology, node(topology).build().topology());
        }
        assertEquals("fullmesh", OverlayConfig.builder("t").cookie("x").build().topology(), "the default");
    }

    @Test
    void unknownNameFailsListingTheValidOnes() {
        ConfigException error = assertThrows(ConfigException.class, () -> node("ring").build());
        assertEquals("topology", error.setting());
        assertTrue(error.getMessage().contains("client-server, fullmesh, hyparview, static"), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fullmesh", "hyparview", "client-server", "static"})
    void ownSettingsAreAcceptedAndValidated(String topology) {
        String[] own = OWN.get(topology);
        assertEquals(own[1], node(topology).set(own[0], own[1]).build().topologySettings().get(own[0]));
        ConfigException bad = assertThrows(ConfigException.class, () -> node(topology).set(own[0], own[2]).build());
        assertEquals(own[0], bad.setting(), bad.getMessage());
        String unknown = topology + ".no-such-setting";
        assertEquals(unknown, assertThrows(ConfigException.class, () -> node(topology).set(unknown, "1").build())
                .setting());
    }

    @ParameterizedTest(name = "{1} under {0}")
    @CsvSource({
            "fullmesh,      hyparview.active-size",
            "fullmesh,      static.peers",
            "hyparview,     client-server.servers",
            "hyparview,     fullmesh.gossip-interval-ms",
            "static,        client-server.role",
            "static,        hyparview.active-size",
            "client-server, static.peers",
            "client-server, fullmesh.tombstone-ttl-ms"})
    void anotherTopologysSettingFailsListingTheValidOnes(String topology, String foreign) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> node(topology).set(foreign, "1").build());
        assertEquals(foreign, error.setting());
        String valid = OWN.get(topology)[0];
        assertTrue(error.getMessage().contains("belongs to topology") && error.getMessage().contains(valid),
                "names the owner and lists " + topology + "'s settings: " + error.getMessage());
    }

    @Test
    void propertiesFileChoosesTheTopologyAndIsValidatedTheSameWay(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, """
                name = p
                cookie = topology-choice-test
                topology = static
                static.peers = q@127.0.0.1:7301
                static.max-hops = 4
                """, StandardCharsets.UTF_8);
        OverlayConfig config = OverlayConfigLoader.load(file);
        assertEquals("static", config.topology());
        assertEquals("4", config.topologySettings().get("static.max-hops"));
        Files.writeString(file, "name = p\ncookie = x\ntopology = static\nhyparview.active-size = 3\n",
                StandardCharsets.UTF_8);
        assertEquals("hyparview.active-size", assertThrows(ConfigException.class, () -> OverlayConfigLoader.load(file))
                .setting());
    }

    @Test
    void commandLineRefusesWithOneLineNamingTheSetting() {
        assertRefused(run("--topology", "ring"), "topology", "client-server, fullmesh, hyparview, static");
        assertRefused(run("--topology", "static", "--set", "hyparview.active-size=3"), "hyparview.active-size",
                "static.peers");
        assertRefused(run("--topology", "fullmesh", "--role", "server"), "client-server.role",
                "fullmesh.gossip-interval-ms");
        assertRefused(run("--topology", "static", "--set", "static.max-hops=0"), "static.max-hops", "");
        assertRefused(run("--topology", "client-server"), "client-server.role", "client or server");
    }

    private record Result(int code, String err) {}

    private static Result run(String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("node", "--name", "v", "--port", "0",
                "--cookie", "topology-choice-test"));
        args.addAll(List.of(flags));
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertFalse(out.toString().contains("EVENT STARTED"), "must not start: " + out);
        return new Result(code, err.toString());
    }

    private static void assertRefused(Result result, String setting, String listed) {
        assertAll(
                () -> assertEquals(2, result.code(), result.err()),
                () -> assertTrue(result.err().contains("invalid setting '" + setting + "'"), result.err()),
                () -> assertTrue(result.err().contains(listed), "lists " + listed + ": " + result.err()),
                () -> assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err()));
    }
}
