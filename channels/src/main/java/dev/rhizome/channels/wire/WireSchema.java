package dev.rhizome.channels.wire;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The ProtoStream schema of the handshake messages; the processor generates {@code WireSchemaImpl}. */
@ProtoSchema(
        includeClasses = {WireNode.class, Hello.class, Challenge.class, Response.class, Accept.class, Refuse.class},
        schemaPackageName = "rhizome.wire.v1",
        schemaFileName = "rhizome-wire-v1.proto",
        service = false)
public interface WireSchema extends GeneratedSchema {
}
