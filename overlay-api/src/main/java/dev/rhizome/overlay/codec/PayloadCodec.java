package dev.rhizome.overlay.codec;

/**
 * Turns user messages into bytes and back. The codec id travels in every data frame, so the receiver
 * decodes with the same codec the sender used. Ids 0-15 are reserved for Rhizome.
 */
public interface PayloadCodec {

    /** The id written into frames; unique per node. */
    int id();

    /** Whether this codec can encode {@code message}. */
    boolean canEncode(Object message);

    /** Encodes {@code message}; throws {@link IllegalArgumentException} if it cannot. */
    byte[] encode(Object message);

    /** Decodes bytes that this codec encoded. */
    Object decode(byte[] bytes);
}
