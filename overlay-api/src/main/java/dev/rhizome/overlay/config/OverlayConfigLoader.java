package dev.rhizome.overlay.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Loads an {@link OverlayConfig} from a properties file whose keys are the setting names of
 * {@link OverlayConfig}, for example:
 *
 * <pre>
 * name = node-1
 * port = 7100
 * seeds = 10.0.0.2:7100,10.0.0.3:7100
 * channels = chat, bulk:4
 * </pre>
 */
public final class OverlayConfigLoader {

    private OverlayConfigLoader() {}

    /** Reads {@code file} into a builder, so that code or the command line can still override settings. */
    public static OverlayConfigBuilder builder(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read '" + file + "': " + e.getMessage(), e);
        }
        return builder(properties);
    }

    /** Puts every property into a fresh builder; an unknown key fails naming it. */
    public static OverlayConfigBuilder builder(Properties properties) {
        OverlayConfigBuilder builder = new OverlayConfigBuilder();
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            builder.set(key, properties.getProperty(key));
        }
        return builder;
    }

    /** Loads and validates {@code file}. */
    public static OverlayConfig load(Path file) {
        return builder(file).build();
    }
}
