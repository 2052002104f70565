/**
 * Generic behaviours in the manner of OTP: {@link dev.rhizome.process.server.GenServer} (call, cast,
 * info, terminate) and {@link dev.rhizome.process.server.GenStatem} (states, postpone, state and
 * event timeouts, next events).
 */
package dev.rhizome.process.server;
