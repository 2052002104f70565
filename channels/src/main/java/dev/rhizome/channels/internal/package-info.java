/**
 * The transport's moving parts, not public API: one {@link dev.rhizome.channels.internal.Connection}
 * per socket with its outbound queue, the inbound {@link dev.rhizome.channels.internal.DataHandler},
 * the per-peer lane table with the simultaneous-dial tie-break, and the reconnect backoff.
 */
package dev.rhizome.channels.internal;
