package dev.rhizome.process;

import java.io.Serializable;

/**
 * Why a process ended, carried by exit signals, {@link Exit} and {@link Down}. The cases mirror
 * Erlang's reasons: {@code normal}, {@code kill}, {@code killed}, {@code shutdown} (optionally with a
 * detail, as {@code {shutdown, Term}}), {@code noproc}, {@code noconnection}, {@code {nodedown, Node}},
 * {@code timeout}, and any other error as text.
 */
public sealed interface ExitReason extends Serializable {

    /** A short machine-readable kind, used on the wire. */
    String kind();

    /** The detail, or the empty string. */
    default String detail() {
        return "";
    }

    /** Normal termination: dropped by linked processes unless they trap exits. */
    record Normal() implements ExitReason {
        public String kind() { return "normal"; }
        @Override public String toString() { return "normal"; }
    }

    /** The untrappable kill, when sent with {@code exit(pid, kill)}; through a link it is an ordinary reason. */
    record Kill() implements ExitReason {
        public String kind() { return "kill"; }
        @Override public String toString() { return "kill"; }
    }

    /** The reason of a process that was killed by {@code exit(pid, kill)}. */
    record Killed() implements ExitReason {
        public String kind() { return "killed"; }
        @Override public String toString() { return "killed"; }
    }

    /** Orderly shutdown, with an optional detail ({@code {shutdown, Detail}} when non-empty). */
    record Shutdown(String detail) implements ExitReason {
        public Shutdown {
            detail = detail == null ? "" : detail;
        }
        public String kind() { return "shutdown"; }
        @Override public String toString() { return detail.isEmpty() ? "shutdown" : "{shutdown," + detail + "}"; }
    }

    /** The process did not exist. */
    record NoProc() implements ExitReason {
        public String kind() { return "noproc"; }
        @Override public String toString() { return "noproc"; }
    }

    /** The connection to the process's node was lost; the process may still be alive. */
    record NoConnection() implements ExitReason {
        public String kind() { return "noconnection"; }
        @Override public String toString() { return "noconnection"; }
    }

    /** A call failed because the callee's node went down ({@code {nodedown, Node}}). */
    record NodeDown(String detail) implements ExitReason {
        public String kind() { return "nodedown"; }
        @Override public String toString() { return "{nodedown," + detail + "}"; }
    }

    /** A call timed out. */
    record Timeout() implements ExitReason {
        public String kind() { return "timeout"; }
        @Override public String toString() { return "timeout"; }
    }

    /** Any other reason, such as an uncaught exception. */
    record Error(String detail) implements ExitReason {
        public Error {
            detail = detail == null ? "" : detail;
        }
        public String kind() { return "error"; }
        @Override public String toString() { return detail; }
    }

    ExitReason NORMAL = new Normal();
    ExitReason KILL = new Kill();
    ExitReason KILLED = new Killed();
    ExitReason SHUTDOWN = new Shutdown("");
    ExitReason NOPROC = new NoProc();
    ExitReason NOCONNECTION = new NoConnection();
    ExitReason TIMEOUT = new Timeout();

    /** A custom error reason. */
    static ExitReason error(String text) {
        return new Error(text);
    }

    /** {@code {shutdown, detail}}. */
    static ExitReason shutdown(String detail) {
        return new Shutdown(detail);
    }

    /** Rebuilds a reason from {@link #kind()} and {@link #detail()}. */
    static ExitReason of(String kind, String detail) {
        return switch (kind) {
            case "normal" -> NORMAL;
            case "kill" -> KILL;
            case "killed" -> KILLED;
            case "shutdown" -> new Shutdown(detail);
            case "noproc" -> NOPROC;
            case "noconnection" -> NOCONNECTION;
            case "nodedown" -> new NodeDown(detail);
            case "timeout" -> TIMEOUT;
            default -> new Error(detail);
        };
    }

    /** {@code normal}, {@code shutdown} or {@code {shutdown, _}}: the reasons a transient child is not restarted for. */
    default boolean isOrderly() {
        return this instanceof Normal || this instanceof Shutdown;
    }
}
