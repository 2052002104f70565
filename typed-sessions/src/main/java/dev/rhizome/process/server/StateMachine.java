package dev.rhizome.process.server;

import dev.rhizome.process.ExitReason;
import dev.rhizome.process.ProcessContext;

/**
 * The callbacks of a gen_statem in {@code handle_event_function} mode: one function sees every event
 * with the current state and data. Protocol states become machine states, unexpected but valid
 * messages are postponed, deadlines become state timeouts.
 *
 * @param <M> the requests it accepts
 * @param <S> its states
 * @param <D> its data
 */
public interface StateMachine<M, S, D> {

    /** The initial state and data, with optional actions; must be a {@link Transition.To}. */
    Transition<S, D> init(ProcessContext<M> self) throws Exception;

    /** Handles one event in {@code state}. */
    Transition<S, D> handleEvent(Event event, S state, D data, ProcessContext<M> self) throws Exception;

    /** Whether {@link Event.Enter} is delivered on every state change (gen_statem's {@code state_enter}). */
    default boolean stateEnter() {
        return false;
    }

    /** Cleans up when the machine stops or crashes (not when killed). */
    default void terminate(ExitReason reason, S state, D data, ProcessContext<M> self) {}
}
