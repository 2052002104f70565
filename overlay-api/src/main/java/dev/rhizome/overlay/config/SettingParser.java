package dev.rhizome.overlay.config;

import java.time.Duration;

/** Parses one setting's text, failing with a {@link ConfigException} that names it. */
final class SettingParser {

    private SettingParser() {}

    static long longIn(String setting, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(setting, value + " is not in " + min + ".." + max);
        }
        return value;
    }

    static int intIn(String setting, String text, int min, int max) {
        return (int) longIn(setting, text, min, max);
    }

    static double doubleIn(String setting, String text, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "'" + text + "' is not a number");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(setting, value + " is not in " + min + ".." + max);
        }
        return value;
    }

    static Duration millisIn(String setting, String text, long min, long max) {
        return Duration.ofMillis(longIn(setting, text, min, max));
    }

    static String name(String setting, String text) {
        String value = text.trim();
        if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException(setting, "'" + text + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        return value;
    }
}
