/**
 * Node configuration: {@link dev.rhizome.overlay.config.OverlayConfig}, built in code or loaded from a
 * properties file with the same setting names the command line uses. Every invalid value fails at
 * startup with a {@link dev.rhizome.overlay.config.ConfigException} that names the setting.
 */
package dev.rhizome.overlay.config;
