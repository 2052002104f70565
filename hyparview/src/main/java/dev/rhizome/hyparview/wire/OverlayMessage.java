package dev.rhizome.hyparview.wire;

/** A message of the membership protocol itself (as opposed to the broadcast layer). */
public sealed interface OverlayMessage
        permits JoinRequest, JoinReply, ForwardJoin, NeighborRequest, NeighborReply, DisconnectNotice,
        Shuffle, ShuffleReply {}
