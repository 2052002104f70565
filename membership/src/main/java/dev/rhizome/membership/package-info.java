/**
 * The node runtime. {@link dev.rhizome.membership.Rhizome#start} builds a
 * {@link dev.rhizome.membership.RhizomeNode}: it binds the channel transport, creates the configured
 * topology's sans-IO protocol, and drives it on one thread with the wall clock, turning transport
 * events into protocol inputs and protocol outputs into transport actions, timers and membership
 * events.
 */
package dev.rhizome.membership;
