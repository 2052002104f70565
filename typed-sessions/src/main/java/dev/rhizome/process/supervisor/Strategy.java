package dev.rhizome.process.supervisor;

/** Which children a supervisor restarts when one of them exits. */
public enum Strategy {
    /** Only the child that exited. */
    ONE_FOR_ONE,
    /** All children: the others are terminated in reverse start order, then all restart in order. */
    ONE_FOR_ALL,
    /** The child that exited and every child started after it. */
    REST_FOR_ONE,
    /** Like one_for_one, for dynamically added children of one spec. */
    SIMPLE_ONE_FOR_ONE
}
