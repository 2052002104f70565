package dev.rhizome.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/** Encodes a protocol's control messages with its generated ProtoStream schemas. */
final class ControlCodec {

    /** The codec id control messages carry in data frames on the control channel. */
    static final int ID = 2;

    private final SerializationContext context = ProtobufUtil.newSerializationContext();

    ControlCodec(List<SerializationContextInitializer> schemas) {
        for (SerializationContextInitializer schema : schemas) {
            schema.register(context);
        }
    }

    byte[] encode(Object message) {
        try {
            return ProtobufUtil.toWrappedByteArray(context, message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode control message " + message.getClass().getName(), e);
        }
    }

    Object decode(byte[] bytes) {
        try {
            return ProtobufUtil.fromWrappedByteArray(context, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed control message", e);
        }
    }
}
