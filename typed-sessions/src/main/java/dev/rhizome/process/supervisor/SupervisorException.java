package dev.rhizome.process.supervisor;

/** A supervisor refused a request: unknown child, child running, already present, invalid for the strategy. */
public final class SupervisorException extends RuntimeException {

    public SupervisorException(String message) {
        super(message);
    }
}
