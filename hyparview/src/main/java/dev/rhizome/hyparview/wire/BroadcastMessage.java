package dev.rhizome.hyparview.wire;

/** A message of the broadcast layer (flood or Plumtree) that rides on the active view. */
public sealed interface BroadcastMessage permits Gossip, IHave, Graft, Prune {}
