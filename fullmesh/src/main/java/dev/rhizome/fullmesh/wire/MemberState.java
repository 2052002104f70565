package dev.rhizome.fullmesh.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * The sender's whole member set: gossip, the push half of a push-pull exchange, and a leave notice
 * (the leaver's own entry is LEFT).
 *
 * @param entries     every entry the sender holds
 * @param replyWanted whether the receiver should answer with its own state (the pull half)
 */
@Proto
public record MemberState(List<WireEntry> entries, boolean replyWanted) {}
