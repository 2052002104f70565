/**
 * {@code rhizome bench peers}: Rhizome beside Apache Pekko (Artery TCP), Distributed Erlang and raw
 * Netty, each as two OS processes on 127.0.0.1, under the same three workloads (one-way throughput
 * with flow control, sequential request-reply latency, and ping latency while 8 MiB messages stream).
 * {@link dev.rhizome.bench.peers.PeersBench} orchestrates; {@link dev.rhizome.bench.peers.PeerChild}
 * is the JVM child; the Erlang child is {@code peers/peers_bench.erl} in the jar's resources.
 */
package dev.rhizome.bench.peers;
