package dev.rhizome.process.supervisor;

import java.time.Duration;

/** How a supervisor stops a child: kill at once, ask then kill after a timeout, or ask and wait. */
public sealed interface ShutdownPolicy {

    /** {@code brutal_kill}: an untrappable kill. */
    record BrutalKill() implements ShutdownPolicy {}

    /** An exit signal {@code shutdown}, then {@code kill} if the child has not ended within {@code timeout}. */
    record Timeout(Duration timeout) implements ShutdownPolicy {}

    /** An exit signal {@code shutdown}, then wait as long as it takes (the default for supervisors). */
    record Infinity() implements ShutdownPolicy {}

    static ShutdownPolicy brutalKill() {
        return new BrutalKill();
    }

    static ShutdownPolicy timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    static ShutdownPolicy infinity() {
        return new Infinity();
    }
}
