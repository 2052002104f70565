package dev.rhizome.channels.faults;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * One egress message rule: what to do with the messages its predicate matches.
 *
 * @param action    the fault
 * @param matches   which messages it applies to
 * @param delay     for {@link Action#DELAY}: how long a matching message is held before it is sent
 */
record Rule(Action action, Predicate<Message> matches, Duration delay) {

    /** The faults a rule can apply to one message. */
    enum Action { DROP, DELAY, DUPLICATE, REORDER }
}
