package dev.rhizome.overlay.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayConfigTest {

    @TempDir
    Path dir;

    private OverlayConfigBuilder valid() {
        return OverlayConfig.builder("n1").cookie("secret").topology("solo");
    }

    @Test
    void defaultsAreSane() {
        OverlayConfig config = valid().build();
        assertEquals("127.0.0.1", config.host());
        assertEquals(0, config.port());
        assertEquals("rhizome", config.cluster());
        assertEquals(64 << 20, config.maxFrameBytes());
        assertEquals(List.of(ChannelSpec.of("default")), config.channels());
        assertEquals(Duration.ofMillis(200), config.heartbeatInterval());
        assertTrue(config.jmxPort().isEmpty());
        assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), config.secret());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "port|70000",
            "port|seven",
            "name|bad name",
            "cluster|a:b",
            "jmx-port|0",
            "max-frame-bytes|10",
            "handshake-timeout-ms|-1",
            "heartbeat-interval-ms|0",
            "phi-threshold|0.1",
            "io-threads|0",
            "channels|chat:0",
            "channels|chat:x",
            "channels|rhizome.control",
            "seeds|nosuchhost.invalid:7000",
            "seeds|127.0.0.1",
            "seeds|127.0.0.1:0",
            "topology|nosuch",
            "solo.limit|many",
            "solo.other|1",
            "hyparview.active-size|5",
            "no-such-setting|1"})
    void everyInvalidValueNamesItsSetting(String setting, String value) {
        ConfigException error = assertThrows(ConfigException.class, () -> valid().set(setting, value).build());
        assertEquals(setting, error.setting(), error.getMessage());
        assertTrue(error.getMessage().contains(setting), error.getMessage());
    }

    @Test
    void unknownTopologyListsTheNamesThatExist() {
        ConfigException error = assertThrows(ConfigException.class, () -> valid().topology("nosuch").build());
        assertTrue(error.getMessage().contains("available: solo"), error.getMessage());
    }

    @Test
    void crossFieldChecksNameTheSetting() {
        assertEquals("high-watermark-bytes", assertThrows(ConfigException.class,
                () -> valid().watermarks(1000, 1000).build()).setting());
        assertEquals("reconnect-max-ms", assertThrows(ConfigException.class,
                () -> valid().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build()).setting());
        assertEquals("channels", assertThrows(ConfigException.class,
                () -> valid().channel(ChannelSpec.of("a")).channel(ChannelSpec.of("a")).build()).setting());
    }

    @Test
    void propertiesFileGivesTheSameConfigurationAsTheBuilder() throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, """
                name = n1
                port = 7100
                cookie = secret
                topology = solo
                seeds = 127.0.0.1:7101, localhost:7102
                channels = chat, bulk:4
                metadata.zone = eu-1
                solo.limit = 3
                """);
        OverlayConfig loaded = OverlayConfigLoader.load(file);
        OverlayConfig built = valid().port(7100).seeds("127.0.0.1:7101", "localhost:7102")
                .channel(ChannelSpec.of("chat")).channel(ChannelSpec.parallel("bulk", 4))
                .metadata("zone", "eu-1").set("solo.limit", "3").build();
        assertEquals(built.port(), loaded.port());
        assertEquals(built.seeds(), loaded.seeds());
        assertEquals(built.channels(), loaded.channels());
        assertEquals(built.metadata(), loaded.metadata());
        assertEquals(built.topologySettings(), loaded.topologySettings());
        assertEquals("3", loaded.protocolSettings().get("solo.limit"));
    }

    @Test
    void unknownPropertyNamesItself() {
        Properties properties = new Properties();
        properties.setProperty("name", "n1");
        properties.setProperty("prot", "7100");
        ConfigException error = assertThrows(ConfigException.class, () -> OverlayConfigLoader.builder(properties));
        assertEquals("prot", error.setting());
    }

    @Test
    void unreadableCookieFileNamesTheSetting() throws IOException {
        Path missing = dir.resolve("missing-cookie");
        assertEquals("cookie-file", assertThrows(ConfigException.class,
                () -> OverlayConfig.builder("n1").topology("solo").cookieFile(missing).build()).setting());
        Path unreadable = dir.resolve("cookie-dir");
        Files.createDirectory(unreadable);
        assertEquals("cookie-file", assertThrows(ConfigException.class,
                () -> OverlayConfig.builder("n1").topology("solo").cookieFile(unreadable).build()).setting());
    }

    @Test
    void missingDefaultCookieIsCreatedWithMode600() {
        Path cookie = dir.resolve("home/.rhizome/cookie");
        byte[] first = CookieFile.read(cookie, true);
        byte[] second = CookieFile.read(cookie, true);
        assertArrayEquals(first, second);
        assertTrue(first.length >= 20);
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(cookie);
            assertEquals(PosixFilePermissions.fromString("rw-------"), permissions);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
