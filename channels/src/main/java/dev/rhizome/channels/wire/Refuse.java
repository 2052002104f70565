package dev.rhizome.channels.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A refused handshake.
 *
 * @param duplicate true when the refusal only resolves a simultaneous dial (not an error)
 * @param reason    a human-readable reason, logged by the receiver
 */
@Proto
public record Refuse(boolean duplicate, String reason) implements ControlMessage {
}
