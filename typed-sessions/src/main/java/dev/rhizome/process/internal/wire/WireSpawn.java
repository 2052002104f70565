package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * Asks a node to spawn a registered behaviour with ProtoStream-encoded {@code args} (empty for none),
 * optionally linked to {@code linkTo} and monitored by {@code monitorOwner} with {@code monitorRefId}.
 */
@Proto
public record WireSpawn(long requestId, String behaviour, byte[] args, WirePid linkTo, WirePid monitorOwner,
        long monitorRefId) {}
