package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** A supervisor's refusal (OTP's {@code {error, Reason}}) on the wire. */
@Proto
public record WireRefused(String message) {}
