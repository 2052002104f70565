package dev.rhizome.overlay.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The codecs one node knows, looked up by id to decode and by message type to encode. Encoding tries
 * raw bytes first, then the user's codecs, then ProtoStream.
 */
public final class PayloadCodecs {

    private final Map<Integer, PayloadCodec> byId = new TreeMap<>();
    private final List<PayloadCodec> encodeOrder = new ArrayList<>();

    public PayloadCodecs(List<PayloadCodec> codecs) {
        for (PayloadCodec codec : codecs) {
            PayloadCodec previous = byId.putIfAbsent(codec.id(), codec);
            if (previous != null) {
                throw new IllegalArgumentException("codecs " + previous.getClass().getName() + " and "
                        + codec.getClass().getName() + " both use id " + codec.id());
            }
            encodeOrder.add(codec);
        }
    }

    /** The codec to encode {@code message} with. */
    public PayloadCodec forMessage(Object message) {
        for (PayloadCodec codec : encodeOrder) {
            if (codec.canEncode(message)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("no codec can encode "
                + (message == null ? "null" : message.getClass().getName())
                + "; register its ProtoStream schema or a PayloadCodec in the configuration");
    }

    /** Decodes bytes written by codec {@code id}. */
    public Object decode(int id, byte[] bytes) {
        PayloadCodec codec = byId.get(id);
        if (codec == null) {
            throw new IllegalArgumentException("unknown codec id " + id + "; known: " + byId.keySet());
        }
        return codec.decode(bytes);
    }
}
