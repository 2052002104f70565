/**
 * The full-mesh topology: every member keeps every channel connected to every other member.
 *
 * <p>{@link dev.rhizome.fullmesh.FullMeshTopology} is found by the name {@code fullmesh} through
 * {@link java.util.ServiceLoader} and creates a {@link dev.rhizome.fullmesh.FullMeshProtocol}, a
 * sans-IO state machine: a gossiped CRDT member set ({@link dev.rhizome.fullmesh.state}), push-pull on
 * every new connection, heartbeats judged by a phi-accrual detector, refutation of false suspicions,
 * graceful leave and tombstone reaping. {@link dev.rhizome.fullmesh.OneHopRouter} routes every
 * message in one hop.
 */
package dev.rhizome.fullmesh;
