package dev.rhizome.process;

/**
 * A call failed: the server did not answer within the timeout ({@link ExitReason.Timeout}), its node
 * was lost ({@link ExitReason.NodeDown}), it did not exist ({@link ExitReason.NoProc}), or it ended
 * with another reason. Uncaught inside a process, the process exits with {@link #reason()}, as an
 * Erlang caller of {@code gen_server:call} does.
 */
public final class CallException extends ExitException {

    public CallException(ExitReason reason, String message) {
        super(reason, message);
    }
}
