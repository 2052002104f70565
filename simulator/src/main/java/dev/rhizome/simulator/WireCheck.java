package dev.rhizome.simulator;

import dev.rhizome.overlay.codec.ProtoStreamCodec;
import dev.rhizome.overlay.spi.Protocol;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends every message through ProtoStream and back, as the control channel would, so that a message a
 * protocol cannot encode fails the simulation instead of the first real cluster. One codec per protocol
 * class: building a serialization context is far too slow to do per node.
 */
final class WireCheck {

    private final Map<Class<?>, ProtoStreamCodec> codecs = new HashMap<>();

    /** {@code message} after an encode/decode round trip with {@code protocol}'s schemas. */
    Object roundTrip(Protocol protocol, Object message) {
        ProtoStreamCodec codec = codecs.computeIfAbsent(protocol.getClass(), type -> new ProtoStreamCodec(protocol.schemas()));
        return codec.decode(codec.encode(message));
    }
}
