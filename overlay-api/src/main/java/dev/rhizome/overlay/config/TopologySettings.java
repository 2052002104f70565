package dev.rhizome.overlay.config;

import java.util.Map;

/**
 * Reads a topology's own settings (the {@code <topology>.<key>} entries handed to
 * {@link dev.rhizome.overlay.spi.Topology#validate}) with the same parsing and the same error messages
 * as the core settings: a bad value fails with a {@link ConfigException} naming its key.
 */
public final class TopologySettings {

    private TopologySettings() {}

    /** The whole number at {@code key}, {@code fallback} when absent; it must lie in {@code min..max}. */
    public static long longIn(Map<String, String> settings, String key, long fallback, long min, long max) {
        String text = settings.get(key);
        return text == null ? fallback : SettingParser.longIn(key, text, min, max);
    }

    /** The whole number at {@code key}, {@code fallback} when absent; it must lie in {@code min..max}. */
    public static int intIn(Map<String, String> settings, String key, int fallback, int min, int max) {
        return (int) longIn(settings, key, fallback, min, max);
    }

    /** The number at {@code key}, {@code fallback} when absent; it must lie in {@code min..max}. */
    public static double doubleIn(Map<String, String> settings, String key, double fallback, double min, double max) {
        String text = settings.get(key);
        return text == null ? fallback : SettingParser.doubleIn(key, text, min, max);
    }
}
