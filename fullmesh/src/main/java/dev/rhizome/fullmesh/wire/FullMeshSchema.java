package dev.rhizome.fullmesh.wire;

import dev.rhizome.fullmesh.state.MemberStatus;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The full mesh's ProtoStream schema; the annotation processor generates {@code FullMeshSchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.fullmesh",
        schemaFileName = "rhizome-fullmesh.proto",
        schemaFilePath = "proto",
        includeClasses = {WireNodeId.class, WireEntry.class, MemberState.class, Heartbeat.class, MemberStatus.class,
                MeshBroadcast.class})
public interface FullMeshSchema extends GeneratedSchema {}
