package dev.rhizome.process.server;

import dev.rhizome.process.ExitReason;
import java.util.List;

/**
 * The result of handling an event: go to a state (possibly the same) with new data and actions, or
 * stop.
 *
 * @param <S> the machine's state type
 * @param <D> its data type
 */
public sealed interface Transition<S, D> {

    /** Go to {@code state} with {@code data}; a different state re-queues postponed events and cancels the state timeout. */
    record To<S, D>(S state, D data, List<Action> actions) implements Transition<S, D> {}

    /** Keep the state, with new data. */
    record Keep<S, D>(D data, List<Action> actions) implements Transition<S, D> {}

    /** Stop with {@code reason} after performing {@code actions} (replies). */
    record Stop<S, D>(ExitReason reason, List<Action> actions) implements Transition<S, D> {}

    static <S, D> Transition<S, D> to(S state, D data, Action... actions) {
        return new To<>(state, data, List.of(actions));
    }

    static <S, D> Transition<S, D> keep(D data, Action... actions) {
        return new Keep<>(data, List.of(actions));
    }

    static <S, D> Transition<S, D> stop(ExitReason reason, Action... actions) {
        return new Stop<>(reason, List.of(actions));
    }
}
