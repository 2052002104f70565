package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** A monitor fired: {@code target} ended (or did not exist) with the given reason. */
@Proto
public record WireDown(WirePid owner, long refId, WirePid target, String reasonKind, String reasonDetail) {}
