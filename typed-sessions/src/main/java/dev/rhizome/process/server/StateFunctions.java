package dev.rhizome.process.server;

import dev.rhizome.process.ProcessContext;

/**
 * A gen_statem in {@code state_functions} callback mode, beside {@link StateMachine}'s
 * {@code handle_event_function} mode: every state is a {@link StateFunction} and handles its own
 * events; {@link #init} names the first one. Postpone, next events, the three timeouts, state enter
 * and hibernate work exactly as in the other mode, since this is the other mode with the dispatch
 * done for you.
 *
 * @param <M> the requests it accepts
 * @param <D> its data
 */
@FunctionalInterface
public interface StateFunctions<M, D> extends StateMachine<M, StateFunction<M, D>, D> {

    /** Dispatches {@code event} to the current state's function. */
    @Override
    default Transition<StateFunction<M, D>, D> handleEvent(Event event, StateFunction<M, D> state, D data,
            ProcessContext<M> self) throws Exception {
        return state.handle(event, data, self);
    }
}
