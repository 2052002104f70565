/**
 * Wire types shared by the topologies and the runtime: {@link dev.rhizome.overlay.wire.WireNode}, a node
 * identity as a ProtoStream message, in the schema {@code rhizome.overlay}
 * ({@link dev.rhizome.overlay.wire.OverlayWireSchema}).
 */
package dev.rhizome.overlay.wire;
