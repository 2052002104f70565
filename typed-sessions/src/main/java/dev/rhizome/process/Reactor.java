package dev.rhizome.process;

/**
 * The code of a <em>reactor</em>: a process without a thread of its own, which handles one message per
 * callback, as an actor does. It has a pid, a mailbox, links, monitors, exit signals, names and
 * per-sender ordering like any process; what it gives up is blocking. Its {@link ProcessContext}
 * refuses {@code receive}, {@code call} and spawning on another node with {@link IllegalStateException}, since there is no
 * stack to wait on: answer calls with {@link ProcessContext#reply}, wait for replies as messages.
 *
 * <p>Scheduling: a message for an idle reactor is handled at once on the sender's thread when
 * {@link #runsInline()} allows it (a direct hand-off: no thread is woken), otherwise, and for exit
 * signals, DOWN and node-down messages, on a small shared pool. One thread at a time drains the
 * mailbox in arrival order, at most a short batch per turn, so a busy reactor never holds a sender
 * or a pool thread for long. A reactor stops when {@link #handle} throws: an {@link ExitException}
 * gives that exception's reason ({@code throw self.exit(ExitReason.NORMAL)} to stop normally), any
 * other exception an {@link ExitReason.Error}.
 *
 * @param <M> the reactor's message protocol
 */
@FunctionalInterface
public interface Reactor<M> {

    /** Runs once, before the first message, on a pool thread; throwing stops the reactor. */
    default void init(ProcessContext<M> self) throws Exception {}

    /** Handles one message: a user message, a {@link Request}, an {@link Exit}, a {@link Down}, .... */
    void handle(Object message, ProcessContext<M> self) throws Exception;

    /**
     * Whether a message for this reactor, when idle, may be handled on the sending thread, which may
     * be another process's thread, a pool thread, or a channel's I/O thread for a remote message.
     * True by default; return false if a handler can take long.
     */
    default boolean runsInline() {
        return true;
    }
}
