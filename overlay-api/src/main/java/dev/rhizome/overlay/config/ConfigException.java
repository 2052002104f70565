package dev.rhizome.overlay.config;

/**
 * A setting is invalid. The message always names the setting, as it is spelled in a properties file
 * and on the command line (e.g. {@code port}, {@code cookie-file}).
 */
public class ConfigException extends RuntimeException {

    private final String setting;

    public ConfigException(String setting, String problem) {
        super("invalid setting '" + setting + "': " + problem);
        this.setting = setting;
    }

    public ConfigException(String setting, String problem, Throwable cause) {
        super("invalid setting '" + setting + "': " + problem, cause);
        this.setting = setting;
    }

    /** The setting's name. */
    public String setting() {
        return setting;
    }
}
