package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeSpec;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What a protocol is created with.
 *
 * @param self     this node
 * @param channels the names of every configured channel, control channel included
 * @param random   the only source of randomness the protocol may use (seeded in the simulator)
 * @param settings the protocol-wide settings, already validated: heartbeat interval, phi threshold and
 *                 the topology's own settings, keyed as in the properties file
 */
public record ProtocolContext(NodeSpec self, List<String> channels, RandomGenerator random,
                              Map<String, String> settings) {
    public ProtocolContext {
        channels = List.copyOf(channels);
        settings = Map.copyOf(settings);
    }

    /** A setting as a long, or {@code fallback} when absent. */
    public long longSetting(String key, long fallback) {
        String value = settings.get(key);
        return value == null ? fallback : Long.parseLong(value.trim());
    }

    /** A setting as a double, or {@code fallback} when absent. */
    public double doubleSetting(String key, double fallback) {
        String value = settings.get(key);
        return value == null ? fallback : Double.parseDouble(value.trim());
    }
}
