/**
 * The transport's moving parts, not public API: one {@link dev.rhizome.channels.internal.Connection}
 * per socket with its outbound queue, the inbound {@link dev.rhizome.channels.internal.DataHandler},
 * the per-peer lane table with the simultaneous-dial tie-break and graceful half-close, the reconnect
 * backoff, and the bandwidth shaper used by fault injection.
 */
package dev.rhizome.channels.internal;
