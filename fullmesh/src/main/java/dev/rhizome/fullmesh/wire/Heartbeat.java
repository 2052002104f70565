package dev.rhizome.fullmesh.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * "I am still here", sent every heartbeat interval to each connected member.
 *
 * @param incarnation the sender's incarnation, so a heartbeat from a predecessor is not mistaken for it
 * @param sequence    a per-sender counter, for diagnostics
 */
@Proto
public record Heartbeat(long incarnation, long sequence) {}
