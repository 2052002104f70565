package dev.rhizome.channels.wire;

import io.netty.handler.codec.DecoderException;

/**
 * A peer broke the wire protocol: a bad length, version or type, or a truncated body. The connection
 * it came from is closed; the node keeps serving the others.
 */
public class ProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
