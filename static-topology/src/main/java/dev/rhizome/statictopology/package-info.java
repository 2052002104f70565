/**
 * The {@code static} topology. Each node dials exactly the peers in {@code static.peers}; liveness is the
 * connection itself (no heartbeats). Neighbours flood versioned link-state announcements of their
 * adjacency, so every node holds the configured graph as far as it is up, its members are the nodes it
 * can reach in it, and its router hands out breadth-first shortest routes, cached and restricted along
 * each {@link dev.rhizome.overlay.route.ViewChange}.
 */
package dev.rhizome.statictopology;
