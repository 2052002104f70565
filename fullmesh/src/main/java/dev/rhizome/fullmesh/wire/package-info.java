/**
 * The full mesh's control messages on the wire: ProtoStream records whose marshallers and schema
 * ({@code rhizome.fullmesh}, generated as {@code FullMeshSchemaImpl}) come from the annotation
 * processor, and {@link dev.rhizome.fullmesh.wire.WireMapping} between them and the domain types.
 */
package dev.rhizome.fullmesh.wire;
