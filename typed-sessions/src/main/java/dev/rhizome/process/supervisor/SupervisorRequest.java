package dev.rhizome.process.supervisor;

import dev.rhizome.process.Pid;

/** The calls a supervisor answers (see {@link Supervisor}'s static helpers). */
public sealed interface SupervisorRequest {

    /** Adds and starts a child; for simple_one_for_one, {@code argument} is passed to the template. */
    record StartChild(ChildSpec spec, Object argument) implements SupervisorRequest {}

    /** Stops a child by id, keeping its spec (for simple_one_for_one use {@link TerminatePid}). */
    record TerminateChild(String id) implements SupervisorRequest {}

    /** Stops a simple_one_for_one child by pid. */
    record TerminatePid(Pid<?> pid) implements SupervisorRequest {}

    /** Removes the spec of a stopped child. */
    record DeleteChild(String id) implements SupervisorRequest {}

    /** Starts a stopped child again from its spec. */
    record RestartChild(String id) implements SupervisorRequest {}

    /** Lists the children. */
    record WhichChildren() implements SupervisorRequest {}

    /** Stops the supervisor: its children in reverse order, then itself with {@code shutdown}. */
    record Stop() implements SupervisorRequest {}

    /** Counts the children. */
    record CountChildren() implements SupervisorRequest {}
}
