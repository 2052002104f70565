package dev.rhizome.process;

/**
 * Thrown to end the current process with a reason, and by the runtime when a process has been
 * terminated by an exit signal while it was blocked. Ordinary code should let it propagate.
 */
public class ExitException extends RuntimeException {

    private final transient ExitReason reason;

    public ExitException(ExitReason reason) {
        super("exit: " + reason, null, false, false);
        this.reason = reason;
    }

    public ExitException(ExitReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The exit reason. */
    public ExitReason reason() {
        return reason;
    }
}
