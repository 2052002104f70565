package dev.rhizome.clientserver.wire;

import dev.rhizome.overlay.wire.OverlayWireSchema;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The client-server topology's ProtoStream schema; the processor generates {@code ClientServerSchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.clientserver",
        schemaFileName = "rhizome-client-server.proto",
        schemaFilePath = "proto",
        dependsOn = OverlayWireSchema.class,
        includeClasses = {Hello.class, Attach.class, HostedClient.class, Hosting.class, Directory.class})
public interface ClientServerSchema extends GeneratedSchema {}
