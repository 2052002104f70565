package dev.rhizome.clientserver;

/** What a node is in the client-server topology. */
public enum Role {
    /** Part of the full mesh of servers; hosts clients. */
    SERVER,
    /** Attached to one server of its configured set at a time; never connects to another client. */
    CLIENT
}
