package dev.rhizome.simulator;

/** How the peers of a crashed node learn that its connections are gone. */
public enum CrashNotice {
    /**
     * The crashed host's kernel resets every connection: each peer gets {@code ConnectionDown} one
     * latency later, whether or not it was sending (a killed process on a live machine).
     */
    RESET,
    /**
     * Nothing is said: a peer finds out only when it next sends on the connection, one latency later
     * (a machine that lost power; the HyParView paper's "TCP as failure detector").
     */
    ON_SEND
}
