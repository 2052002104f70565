package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** HyParView's ProtoStream schema; the annotation processor generates {@code HyParViewSchemaImpl}. */
@ProtoSchema(
        schemaPackageName = "rhizome.hyparview",
        schemaFileName = "rhizome-hyparview.proto",
        schemaFilePath = "proto",
        includeClasses = {WirePeer.class, JoinRequest.class, JoinReply.class, ForwardJoin.class,
                NeighborRequest.class, NeighborReply.class, DisconnectNotice.class, Shuffle.class,
                ShuffleReply.class, Gossip.class, IHave.class, Graft.class, Prune.class})
public interface HyParViewSchema extends GeneratedSchema {}
