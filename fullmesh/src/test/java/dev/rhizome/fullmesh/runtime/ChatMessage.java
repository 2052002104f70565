package dev.rhizome.fullmesh.runtime;

import org.infinispan.protostream.annotations.Proto;

/** A user payload type, marshalled by a ProtoStream marshaller generated at test compile time. */
@Proto
public record ChatMessage(String room, String text, long sequence) {}
