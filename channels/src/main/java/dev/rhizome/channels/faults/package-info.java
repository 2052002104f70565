/**
 * Fault injection and WAN emulation inside the transport (the machine has no netem): drop, delay,
 * duplicate or reorder messages matching a predicate, partitions between node sets, ingress and egress
 * delay, and a per-connection bandwidth cap. The model is described in {@code docs/fault-injection.md}.
 */
package dev.rhizome.channels.faults;
