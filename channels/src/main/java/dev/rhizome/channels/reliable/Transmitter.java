package dev.rhizome.channels.reliable;

import dev.rhizome.overlay.NodeId;

/** Puts one numbered message on a lane, best effort (the transport's at-most-once path). */
@FunctionalInterface
public interface Transmitter {

    /** Transmits ({@code dedup}: the receiver de-duplicates it); {@code false} (and nothing sent) if there is no usable lane now. Never throws. */
    boolean transmit(NodeId peer, String channel, long partitionKey, int codecId, byte[] payload, long seq, boolean dedup);
}
