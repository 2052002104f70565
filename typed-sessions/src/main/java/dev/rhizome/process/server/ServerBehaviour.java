package dev.rhizome.process.server;

import dev.rhizome.process.ExitReason;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ReplyTo;

/**
 * The callbacks of a gen_server. Every callback runs on the server's own process, one at a time.
 *
 * @param <M> the requests it accepts
 * @param <S> its state
 */
public interface ServerBehaviour<M, S> {

    /**
     * Sets up the state. Runs before {@link GenServer#start} returns; throwing fails the start, and
     * throwing {@link GenServer.Ignore} makes the start return no process (OTP's {@code ignore}).
     */
    S init(ProcessContext<M> self) throws Exception;

    /** Handles a call; the default crashes with the unexpected request, as an unmatched clause would. */
    default Next<S> handleCall(M request, ReplyTo from, S state, ProcessContext<M> self) throws Exception {
        throw new IllegalStateException("unexpected call " + request);
    }

    /** Handles a cast; the default ignores it. */
    default Next<S> handleCast(M request, S state, ProcessContext<M> self) throws Exception {
        return Next.noReply(state);
    }

    /** Handles any other message, such as {@code Exit} or {@code Down}; the default ignores it. */
    default Next<S> handleInfo(Object message, S state, ProcessContext<M> self) throws Exception {
        return Next.noReply(state);
    }

    /**
     * Cleans up when the server stops on its own, crashes in a callback, or (when trapping exits)
     * receives an exit signal from its parent. Not called when the server is killed.
     */
    default void terminate(ExitReason reason, S state, ProcessContext<M> self) {}
}
