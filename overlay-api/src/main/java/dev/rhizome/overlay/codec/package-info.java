/**
 * Payload codecs: how user messages become bytes on a channel. Raw bytes (id 0) and ProtoStream
 * (id 1) are built in; {@link dev.rhizome.overlay.codec.PayloadCodec} lets a user plug in another.
 */
package dev.rhizome.overlay.codec;
