/**
 * Broadcast over HyParView's active view, sans-IO like the membership protocol it rides on:
 * {@link dev.rhizome.hyparview.broadcast.FloodBroadcaster} (the paper's dissemination: forward to every
 * neighbour on first receipt) and {@link dev.rhizome.hyparview.broadcast.Plumtree} (epidemic broadcast
 * trees: eager push along a spanning tree, lazy IHAVEs elsewhere, GRAFT to repair, PRUNE to trim).
 * Both remember message ids in a bounded {@link dev.rhizome.hyparview.broadcast.MessageIdCache}.
 */
package dev.rhizome.hyparview.broadcast;
