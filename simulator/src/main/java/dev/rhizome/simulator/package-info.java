/**
 * A deterministic discrete-event network for sans-IO topology protocols.
 *
 * <p>{@link dev.rhizome.simulator.Simulation} owns virtual time and one event queue ordered by
 * (time, sequence number). It plays the node runtime's part for every simulated node: it feeds
 * {@link dev.rhizome.overlay.spi.Input}s to each node's {@link dev.rhizome.overlay.spi.Protocol} and
 * performs the {@link dev.rhizome.overlay.spi.Output}s it answers with, over simulated connections whose
 * latency, loss and partitions come from {@link dev.rhizome.simulator.NetworkConditions}. Every random
 * choice comes from generators derived from the run seed, and nothing iterates a hash-ordered collection,
 * so the same seed replays the same run event for event; {@link dev.rhizome.simulator.TraceHash} proves it.
 */
package dev.rhizome.simulator;
