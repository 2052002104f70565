package dev.rhizome.process.remote;

import org.infinispan.protostream.annotations.Proto;

/** A test message. */
@Proto
public record Ping(int n, String text) implements TestMsg {}
