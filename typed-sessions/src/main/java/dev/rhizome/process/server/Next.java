package dev.rhizome.process.server;

import dev.rhizome.process.ExitReason;

/**
 * What a {@link ServerBehaviour} callback returns: carry on with a new state, answer a call, or stop.
 *
 * @param <S> the server's state
 */
public sealed interface Next<S> {

    /** Carry on without answering (a call may be answered later with {@code reply}). */
    record NoReply<S>(S state) implements Next<S> {}

    /** Answer the current call and carry on. */
    record Reply<S>(Object value, S state) implements Next<S> {}

    /** Stop with {@code reason}, after answering the current call if {@code reply} is set. */
    record Stop<S>(ExitReason reason, boolean reply, Object value, S state) implements Next<S> {}

    static <S> Next<S> noReply(S state) {
        return new NoReply<>(state);
    }

    static <S> Next<S> reply(Object value, S state) {
        return new Reply<>(value, state);
    }

    static <S> Next<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, false, null, state);
    }

    static <S> Next<S> stopAndReply(ExitReason reason, Object value, S state) {
        return new Stop<>(reason, true, value, state);
    }
}
