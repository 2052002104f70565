/**
 * Cluster-wide names behind a {@code via}-style SPI: {@link dev.rhizome.process.registry.ProcessRegistry}
 * is the plug-in point, {@link dev.rhizome.process.registry.ReplicatedRegistry} the shipped,
 * eventually consistent implementation with an explicit {@link dev.rhizome.process.registry.ConflictResolver}.
 */
package dev.rhizome.process.registry;
