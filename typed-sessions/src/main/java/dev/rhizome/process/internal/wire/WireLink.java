package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** Creates ({@code unlink} false) or removes the receiver's side of a link. */
@Proto
public record WireLink(WirePid from, WirePid to, boolean unlink) {}
