package dev.rhizome.process.server;

import dev.rhizome.process.ReplyTo;
import java.time.Duration;

/** What a {@link StateMachine} transition asks for besides the new state: gen_statem's actions. */
public sealed interface Action {

    /** Keep the current event and retry it after the next state change. */
    record Postpone() implements Action {}

    /** Answer a call. */
    record Reply(ReplyTo to, Object value) implements Action {}

    /** Handle {@code event} next, before any queued message (the first in a list first). */
    record NextEvent(Event event) implements Action {}

    /** Fire {@link Event.StateTimeout} after {@code after} unless the state changes. */
    record StateTimeout(Duration after, Object content) implements Action {}

    /** Fire {@link Event.Timeout} after {@code after} unless any event arrives first. */
    record EventTimeout(Duration after, Object content) implements Action {}

    /** Fire {@link Event.NamedTimeout} after {@code after}; a new one with the same name replaces it. */
    record NamedTimeout(String name, Duration after, Object content) implements Action {}

    /** Cancel a named timeout. */
    record CancelTimeout(String name) implements Action {}

    /**
     * gen_statem's {@code hibernate}: the machine expects to wait a long time, so before it waits it
     * gives back what it can. In OTP that is the process's whole heap and stack; here a process is a
     * virtual thread whose stack, while it waits, is only the few frames of its receive, so what is
     * given back is the buffers around it: the mailbox's storage (when empty) and the machine's own
     * queues of postponed and inserted events and timer tables (when empty), which are recreated on the
     * next use. State, data, postponed events and timers are kept; the next event wakes it as usual.
     */
    record Hibernate() implements Action {}

    Action POSTPONE = new Postpone();

    Action HIBERNATE = new Hibernate();

    static Action reply(ReplyTo to, Object value) {
        return new Reply(to, value);
    }

    static Action nextEvent(Event event) {
        return new NextEvent(event);
    }

    static Action stateTimeout(Duration after, Object content) {
        return new StateTimeout(after, content);
    }

    static Action eventTimeout(Duration after, Object content) {
        return new EventTimeout(after, content);
    }

    static Action namedTimeout(String name, Duration after, Object content) {
        return new NamedTimeout(name, after, content);
    }
}
