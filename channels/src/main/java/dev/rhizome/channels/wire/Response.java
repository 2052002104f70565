package dev.rhizome.channels.wire;

import org.infinispan.protostream.annotations.Proto;

/** The dialer's proof that it knows the cluster secret. */
@Proto
public record Response(byte[] proof) implements ControlMessage {
}
