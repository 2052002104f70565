/**
 * The process runtime's implementation: the process table, mailboxes, exit-signal rules, aliases
 * for calls, and the remote protocol. Not public API.
 */
package dev.rhizome.process.internal;
