package dev.rhizome.fullmesh.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * An application broadcast, sent once by its origin straight to every member (one hop, so the sender
 * is the origin and no duplicates arise).
 *
 * @param payload the application's bytes
 */
@Proto
public record MeshBroadcast(byte[] payload) {}
