/**
 * Delivery guarantees above the transport's at-most-once lanes: sequence numbers, acknowledgements,
 * retransmission with backoff across reconnects and a bounded in-flight window (at-least-once), and
 * receiver de-duplication in a bounded window (effectively-once). Described in {@code docs/channels.md}.
 */
package dev.rhizome.channels.reliable;
