package dev.rhizome.statictopology.wire;

import dev.rhizome.overlay.wire.OverlayWireSchema;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The static topology's ProtoStream schema; the processor generates {@code StaticSchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.static",
        schemaFileName = "rhizome-static.proto",
        schemaFilePath = "proto",
        dependsOn = OverlayWireSchema.class,
        includeClasses = {LinkState.class, LinkStates.class})
public interface StaticSchema extends GeneratedSchema {}
