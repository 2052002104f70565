/**
 * {@code rhizome bench processes}: what Rhizome's processes cost and how fast they talk, the idle
 * footprint (measured in a child JVM with a fixed heap), spawn rate, local ping-pong, and a remote
 * call beside the raw channel request-reply it rides on, measured in the same run.
 */
package dev.rhizome.bench.processes;
