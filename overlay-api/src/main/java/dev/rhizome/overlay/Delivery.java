package dev.rhizome.overlay;

import dev.rhizome.overlay.codec.PayloadCodecs;

/**
 * A message received on a channel.
 *
 * @param from    the sending node
 * @param channel the channel it arrived on
 * @param codecId the codec that encoded it ({@link dev.rhizome.overlay.codec.PayloadCodec#id()})
 * @param bytes   the encoded payload; the receiver owns this array
 * @param codecs  the receiving node's codecs, used by {@link #decode()}
 */
public record Delivery(NodeId from, String channel, int codecId, byte[] bytes, PayloadCodecs codecs) {

    /** Decodes the payload with the codec it was sent with: raw bytes stay a {@code byte[]}. */
    public Object decode() {
        return codecs.decode(codecId, bytes);
    }

    /** Decodes the payload and casts it, failing with a clear message if it is another type. */
    public <T> T as(Class<T> type) {
        Object value = decode();
        if (!type.isInstance(value)) {
            throw new ClassCastException("message on channel '" + channel + "' from " + from.name()
                    + " is a " + (value == null ? "null" : value.getClass().getName()) + ", not a " + type.getName());
        }
        return type.cast(value);
    }
}
