/**
 * The {@code rhizome} command line: {@link dev.rhizome.examples.Main} with its {@code node} and
 * {@code demo} commands, and {@link dev.rhizome.examples.NodeProcess}, a handle on a node running in
 * its own JVM that the demo and the multi-process tests share.
 *
 * <p>A node started with {@code rhizome node} prints one machine-readable line per event on stdout
 * (see {@link dev.rhizome.examples.NodeConsole}); human log lines go to stderr.
 */
package dev.rhizome.examples;
