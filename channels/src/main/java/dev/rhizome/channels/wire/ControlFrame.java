package dev.rhizome.channels.wire;

/**
 * An outbound handshake frame before encoding.
 *
 * @param version the format version to put in the header (always {@link Frames#FORMAT_VERSION},
 *                except in tests that impersonate other versions)
 * @param type    the frame type
 * @param message the ProtoStream message for the body
 */
public record ControlFrame(byte version, byte type, ControlMessage message) {

    /** A frame of the current version carrying {@code message}. */
    public static ControlFrame of(ControlMessage message) {
        return new ControlFrame(Frames.FORMAT_VERSION, ControlCodec.typeOf(message), message);
    }
}
