package dev.rhizome.overlay.wire;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/**
 * The shared wire types' ProtoStream schema, {@code rhizome.overlay}; the processor generates
 * {@code OverlayWireSchemaImpl}. Schemas that use {@link WireNode} name this one in {@code dependsOn}.
 */
@ProtoSchema(
        schemaPackageName = "rhizome.overlay",
        schemaFileName = "rhizome-overlay.proto",
        schemaFilePath = "proto",
        includeClasses = {WireNode.class})
public interface OverlayWireSchema extends GeneratedSchema {}
