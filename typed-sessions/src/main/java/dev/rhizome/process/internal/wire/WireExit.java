package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** An exit signal: through a link ({@code viaLink}) or from {@code exit/2}. */
@Proto
public record WireExit(WirePid to, WirePid from, String reasonKind, String reasonDetail, boolean viaLink) {}
