package dev.rhizome.process.server;

import dev.rhizome.process.ReplyTo;

/** An event a {@link StateMachine} handles; the event types of gen_statem. */
public sealed interface Event {

    /** A call; answer with {@link Action#reply}. */
    record Call(ReplyTo from, Object content) implements Event {}

    /** A cast. */
    record Cast(Object content) implements Event {}

    /** Any other message. */
    record Info(Object content) implements Event {}

    /** An event the machine inserted itself with {@link Action#nextEvent}. */
    record Internal(Object content) implements Event {}

    /** The event timeout fired: no event arrived in time. */
    record Timeout(Object content) implements Event {}

    /** A named (generic) timeout fired. */
    record NamedTimeout(String name, Object content) implements Event {}

    /** The state timeout fired: the machine stayed in one state too long. */
    record StateTimeout(Object content) implements Event {}

    /** The machine entered a state (only with {@link StateMachine#stateEnter()}). */
    record Enter(Object oldState) implements Event {}
}
