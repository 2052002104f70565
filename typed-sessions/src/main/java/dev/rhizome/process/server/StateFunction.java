package dev.rhizome.process.server;

import dev.rhizome.process.ProcessContext;

/**
 * One state of a machine in gen_statem's {@code state_functions} callback mode: the state is the
 * function that handles the events arriving in it, and a transition names the next such function.
 * States are compared with {@code equals} (a change re-queues postponed events and cancels the state
 * timeout), so make them constants, typically the constants of an enum that implements this
 * interface, one constant per state, each with its own {@code handle}; not fresh lambdas or method
 * references, which are never equal to one another.
 *
 * @param <M> the requests the machine accepts
 * @param <D> its data
 */
@FunctionalInterface
public interface StateFunction<M, D> {

    /** Handles one event in this state. */
    Transition<StateFunction<M, D>, D> handle(Event event, D data, ProcessContext<M> self) throws Exception;
}
