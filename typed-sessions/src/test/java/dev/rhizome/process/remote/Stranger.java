package dev.rhizome.process.remote;

import org.infinispan.protostream.annotations.Proto;

/** A ProtoStream type that is not part of {@link TestMsg}: receivers must refuse it. */
@Proto
public record Stranger(String what) {}
