package dev.rhizome.channels.wire;

/** A handshake message: the body of a HELLO, CHALLENGE, RESPONSE, ACCEPT or REFUSE frame. */
public sealed interface ControlMessage permits Hello, Challenge, Response, Accept, Refuse {
}
