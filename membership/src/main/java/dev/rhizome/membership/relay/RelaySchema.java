package dev.rhizome.membership.relay;

import dev.rhizome.overlay.wire.OverlayWireSchema;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The relay layer's ProtoStream schema, {@code rhizome.relay}; the processor generates {@code RelaySchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.relay",
        schemaFileName = "rhizome-relay.proto",
        schemaFilePath = "proto",
        dependsOn = OverlayWireSchema.class,
        includeClasses = {RelayEnvelope.class, RouteProbe.class, RouteFound.class, RouteLost.class})
public interface RelaySchema extends GeneratedSchema {}
