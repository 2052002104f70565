/**
 * HyParView's and the broadcast layer's control messages as ProtoStream records, and their mapping to
 * and from {@link dev.rhizome.overlay.NodeId}. {@link dev.rhizome.hyparview.wire.HyParViewSchema}
 * generates the marshallers. The sender of a message is the peer at the other end of the connection,
 * so no message names its sender except where it travels on behalf of someone else (a joiner, a shuffle
 * origin).
 */
package dev.rhizome.hyparview.wire;
