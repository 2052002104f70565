package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** The answer to a {@link WireSpawn}: the new pid, or an error text. */
@Proto
public record WireSpawned(long requestId, WirePid pid, String error) {}
