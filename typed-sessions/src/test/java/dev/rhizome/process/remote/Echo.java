package dev.rhizome.process.remote;

import org.infinispan.protostream.annotations.Proto;

/** Asks for an answer. */
@Proto
public record Echo(String text) implements TestMsg {}
