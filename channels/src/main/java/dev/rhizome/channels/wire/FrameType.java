package dev.rhizome.channels.wire;

/** The frame types; the byte after the version in every frame header. */
public final class FrameType {

    /** Dialer to acceptor: who I am and what I want ({@link Hello}). */
    public static final byte HELLO = 1;
    /** Acceptor to dialer: who I am, my nonce and my proof ({@link Challenge}). */
    public static final byte CHALLENGE = 2;
    /** Dialer to acceptor: the dialer's proof ({@link Response}). */
    public static final byte RESPONSE = 3;
    /** Acceptor to dialer: the connection is established ({@link Accept}). */
    public static final byte ACCEPT = 4;
    /** Either side: the handshake is refused, with a reason ({@link Refuse}). */
    public static final byte REFUSE = 5;
    /** A user payload: codec id and raw bytes, no ProtoStream. */
    public static final byte DATA = 16;
    /** Receiver to sender on a reliable channel: a count, then that many acknowledged sequence numbers. */
    public static final byte ACK = 17;

    private FrameType() {
    }

    /** Whether {@code type} is one of the handshake types. */
    public static boolean isHandshake(byte type) {
        return type >= HELLO && type <= REFUSE;
    }

    /** A readable name for logs. */
    public static String name(byte type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case CHALLENGE -> "CHALLENGE";
            case RESPONSE -> "RESPONSE";
            case ACCEPT -> "ACCEPT";
            case REFUSE -> "REFUSE";
            case DATA -> "DATA";
            case ACK -> "ACK";
            default -> "unknown(" + (type & 0xFF) + ")";
        };
    }
}
