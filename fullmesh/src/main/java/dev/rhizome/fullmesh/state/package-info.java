/**
 * The full mesh's member set as a state-based CRDT: one {@link dev.rhizome.fullmesh.state.MemberEntry}
 * per node name, joined by {@link dev.rhizome.fullmesh.state.MemberEntry#merge}. Pure values; no
 * time, no I/O. Tombstone reaping and reachability are the protocol's business, not the lattice's.
 */
package dev.rhizome.fullmesh.state;
