/**
 * The Netty transport of Rhizome: {@link dev.rhizome.channels.Transport} opens authenticated,
 * length-framed TCP connections per named channel and lane, sends and receives raw payloads with a
 * codec id, applies the documented backpressure policy, and keeps per-channel, per-peer metrics.
 * Per-channel {@link dev.rhizome.channels.ChannelOptions} add monotonic coalescing, Snappy compression
 * and delivery guarantees; {@link dev.rhizome.channels.Transport#faults()} injects faults. Its owner (the
 * membership runtime) hears about it through {@link dev.rhizome.channels.TransportListener}.
 */
package dev.rhizome.channels;
