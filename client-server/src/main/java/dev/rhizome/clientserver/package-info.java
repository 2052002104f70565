/**
 * The {@code client-server} topology. Servers keep a full mesh among themselves; each client attaches to
 * one server of its configured set and moves to another when that one fails, announcing the move with a
 * higher attach epoch. Servers gossip whom they host; clients get the resulting directory from their
 * server. Routes are composed through servers by {@link dev.rhizome.clientserver.ClientServerView} and
 * cached along {@link dev.rhizome.overlay.route.ViewChange}s. Liveness is the connection: no heartbeats.
 */
package dev.rhizome.clientserver;
