package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** A {@link dev.rhizome.process.supervisor.ChildCounts} on the wire. */
@Proto
public record WireChildCounts(int specs, int active, int supervisors, int workers) {}
