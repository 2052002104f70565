package dev.rhizome.overlay.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * Codec 1: ProtoStream's self-describing ("wrapped") encoding of annotated types. Register the
 * generated schemas (the {@code *Impl} classes the annotation processor writes) when building it.
 */
public final class ProtoStreamCodec implements PayloadCodec {

    public static final int ID = 1;

    private final SerializationContext context;

    public ProtoStreamCodec(List<? extends SerializationContextInitializer> schemas) {
        this.context = ProtobufUtil.newSerializationContext();
        for (SerializationContextInitializer schema : schemas) {
            schema.register(context);
        }
    }

    /** The context holding the registered schemas. */
    public SerializationContext context() {
        return context;
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public boolean canEncode(Object message) {
        return message != null && context.canMarshall(message.getClass());
    }

    @Override
    public byte[] encode(Object message) {
        if (!canEncode(message)) {
            throw new IllegalArgumentException("no ProtoStream schema registered for "
                    + (message == null ? "null" : message.getClass().getName()));
        }
        try {
            return ProtobufUtil.toWrappedByteArray(context, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            return ProtobufUtil.fromWrappedByteArray(context, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed ProtoStream payload", e);
        }
    }
}
