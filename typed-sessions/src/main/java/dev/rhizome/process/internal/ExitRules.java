package dev.rhizome.process.internal;

import dev.rhizome.process.ExitReason;

/**
 * What a process does with an exit signal: the table of Erlang's reference manual, "Receiving Exit
 * Signals", as one pure function.
 */
public final class ExitRules {

    /** The outcome for one signal. */
    public sealed interface Outcome {
        /** Ignore the signal. */
        record Drop() implements Outcome {}
        /** Put {@code {'EXIT', From, Reason}} in the mailbox. */
        record Deliver() implements Outcome {}
        /** Terminate with this reason. */
        record Die(ExitReason reason) implements Outcome {}
    }

    public static final Outcome DROP = new Outcome.Drop();
    public static final Outcome DELIVER = new Outcome.Deliver();

    private ExitRules() {}

    /**
     * @param reason     the signal's reason
     * @param viaLink    whether the signal comes from a link (rather than {@code exit/2})
     * @param linkActive for a link signal, whether the receiver still has the link
     * @param trapping   whether the receiver traps exits
     * @param fromSelf   whether sender and receiver are the same process
     */
    public static Outcome decide(ExitReason reason, boolean viaLink, boolean linkActive, boolean trapping, boolean fromSelf) {
        if (viaLink && !linkActive) {
            return DROP;
        }
        if (!viaLink && reason instanceof ExitReason.Kill) {
            return new Outcome.Die(ExitReason.KILLED);
        }
        if (trapping) {
            return DELIVER;
        }
        if (reason instanceof ExitReason.Normal) {
            return fromSelf ? new Outcome.Die(ExitReason.NORMAL) : DROP;
        }
        return new Outcome.Die(reason);
    }
}
