package dev.rhizome.process.supervisor;

import dev.rhizome.process.ExitReason;

/** When a child is restarted after it exits. */
public enum RestartType {
    /** Always. */
    PERMANENT,
    /** Unless it exited with {@code normal}, {@code shutdown} or {@code {shutdown, _}}. */
    TRANSIENT,
    /** Never; it is also removed from the supervisor when it exits or is terminated. */
    TEMPORARY;

    /** Whether a child of this type that exited with {@code reason} is restarted. */
    public boolean restartsAfter(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isOrderly();
            case TEMPORARY -> false;
        };
    }
}
