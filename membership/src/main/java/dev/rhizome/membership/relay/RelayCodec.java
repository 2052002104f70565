package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.OverlayWireSchemaImpl;
import java.io.IOException;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;

/**
 * Encodes the relay layer's frames: {@link RelayEnvelope} on user channels, {@link RouteProbe} and
 * {@link RouteFound} and {@link RouteLost} on the control channel. Frames carry the reserved codec id {@link #ID}, which no
 * user codec may take (user ids start at 16), so a receiver tells them from direct messages by the id
 * alone. Thread-safe.
 */
public final class RelayCodec {

    /** The codec id of relay frames. */
    public static final int ID = 3;

    private final SerializationContext context = ProtobufUtil.newSerializationContext();

    /** A codec with the relay schema registered. */
    public RelayCodec() {
        new OverlayWireSchemaImpl().register(context);
        new RelaySchemaImpl().register(context);
    }

    /** The wire form of a relay frame. */
    public byte[] encode(Object frame) {
        try {
            return ProtobufUtil.toWrappedByteArray(context, frame);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode relay frame " + frame.getClass().getSimpleName(), e);
        }
    }

    /**
     * The frame in {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes are not a relay frame
     */
    public Object decode(byte[] bytes) {
        try {
            Object frame = ProtobufUtil.fromWrappedByteArray(context, bytes);
            if (!(frame instanceof RelayEnvelope) && !(frame instanceof RouteProbe) && !(frame instanceof RouteFound)
                    && !(frame instanceof RouteLost)) {
                throw new IllegalArgumentException("not a relay frame: " + (frame == null ? "null" : frame.getClass().getName()));
            }
            return frame;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed relay frame: " + e.getMessage(), e);
        }
    }
}
