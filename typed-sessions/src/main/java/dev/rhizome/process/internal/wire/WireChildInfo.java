package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** One {@link dev.rhizome.process.supervisor.ChildInfo}; {@code type} is the ordinal of its {@code ChildType}. */
@Proto
public record WireChildInfo(String id, WirePid pid, boolean restarting, int type) {}
