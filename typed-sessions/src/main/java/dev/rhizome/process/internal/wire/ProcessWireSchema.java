package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The process protocol's schema; the annotation processor generates {@code ProcessWireSchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.process",
        schemaFileName = "rhizome-process.proto",
        schemaFilePath = "proto",
        includeClasses = {WirePid.class, WireSend.class, WireExit.class, WireLink.class, WireMonitor.class,
                WireDown.class, WireSpawn.class, WireSpawned.class, WireName.class,
                WireNameSnapshot.class, WireSupervisorRequest.class, WireChildInfo.class, WireChildren.class,
                WireChildCounts.class, WireRefused.class})
public interface ProcessWireSchema extends GeneratedSchema {}
