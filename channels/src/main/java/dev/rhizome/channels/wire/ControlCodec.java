package dev.rhizome.channels.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;

/** Encodes and decodes handshake message bodies with the generated ProtoStream marshallers. */
public final class ControlCodec {

    private static final SerializationContext CONTEXT = newContext();

    private ControlCodec() {
    }

    private static SerializationContext newContext() {
        SerializationContext context = ProtobufUtil.newSerializationContext();
        new WireSchemaImpl().register(context);
        return context;
    }

    /** The frame type that carries {@code message}. */
    public static byte typeOf(ControlMessage message) {
        return switch (message) {
            case Hello h -> FrameType.HELLO;
            case Challenge c -> FrameType.CHALLENGE;
            case Response r -> FrameType.RESPONSE;
            case Accept a -> FrameType.ACCEPT;
            case Refuse r -> FrameType.REFUSE;
        };
    }

    /** The ProtoStream bytes of {@code message}. */
    public static byte[] encode(ControlMessage message) {
        try {
            return ProtobufUtil.toByteArray(CONTEXT, message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes the body of a frame of {@code type}; {@code body} is read but not released (the caller
     * owns it).
     *
     * @throws ProtocolException if the type is not a handshake type or the body is malformed
     */
    public static ControlMessage decode(byte type, ByteBuf body) {
        Class<? extends ControlMessage> target = switch (type) {
            case FrameType.HELLO -> Hello.class;
            case FrameType.CHALLENGE -> Challenge.class;
            case FrameType.RESPONSE -> Response.class;
            case FrameType.ACCEPT -> Accept.class;
            case FrameType.REFUSE -> Refuse.class;
            default -> throw new ProtocolException("frame type " + FrameType.name(type) + " is not a handshake frame");
        };
        byte[] bytes = ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes(), false);
        try {
            ControlMessage message = ProtobufUtil.fromByteArray(CONTEXT, bytes, target);
            if (message == null) {
                throw new ProtocolException("empty " + FrameType.name(type) + " body");
            }
            return message;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProtocolException pe) {
                throw pe;
            }
            throw new ProtocolException("malformed " + FrameType.name(type) + " body: " + e.getMessage(), e);
        }
    }
}
