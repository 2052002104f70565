/**
 * The process protocol's wire messages on the {@code rhizome.processes} channel, as ProtoStream
 * records. {@link dev.rhizome.process.internal.wire.WirePid} may also be used inside user message
 * types (declare a dependency on {@link dev.rhizome.process.internal.wire.ProcessWireSchema}).
 */
package dev.rhizome.process.internal.wire;
