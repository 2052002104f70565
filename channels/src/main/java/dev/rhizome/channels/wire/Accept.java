package dev.rhizome.channels.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * The acceptor's final word: the connection is established.
 *
 * @param lane the lane that is now up (echoed for diagnostics)
 */
@Proto
public record Accept(int lane) implements ControlMessage {
}
