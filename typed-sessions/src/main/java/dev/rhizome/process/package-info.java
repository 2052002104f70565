/**
 * Erlang-style processes: {@link dev.rhizome.process.ProcessNode} runs them on virtual threads, each
 * with a mailbox, a location-transparent {@link dev.rhizome.process.Pid}, links, monitors, exit
 * signals following OTP's rules, node monitors ({@link dev.rhizome.process.NodeDown}), and local
 * registered names; or, as {@link dev.rhizome.process.Reactor}s, without a thread of their own, one
 * callback per message. Remote processes are reached through the node's
 * {@link dev.rhizome.overlay.Overlay} on the {@value dev.rhizome.process.ProcessNode#CHANNEL} channel.
 */
package dev.rhizome.process;
