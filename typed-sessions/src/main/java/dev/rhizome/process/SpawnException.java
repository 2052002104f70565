package dev.rhizome.process;

/** A spawn or start failed: unknown behaviour, unreachable or unresponsive node, or a failing init. */
public final class SpawnException extends RuntimeException {

    public SpawnException(String message) {
        super(message);
    }

    public SpawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
