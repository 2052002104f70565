package dev.rhizome.hyparview.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * Plumtree's PRUNE: "you sent me a duplicate; push to me lazily from now on".
 *
 * @param id the duplicate that caused it, for diagnostics
 */
@Proto
public record Prune(long id) implements BroadcastMessage {}
