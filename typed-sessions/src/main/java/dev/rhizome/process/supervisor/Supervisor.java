package dev.rhizome.process.supervisor;

import dev.rhizome.process.Caller;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.supervisor.internal.SupervisorServer;
import java.time.Duration;
import java.util.List;

/**
 * Starts supervisors and talks to them. A supervisor is a gen_server that traps exits, starts its
 * children in order in init (a failing child fails the start), restarts them by strategy and restart
 * type, and — when restarts exceed the intensity — stops all children in reverse order and exits with
 * {@code shutdown}, which its own parent sees.
 *
 * <p>The helpers work the same on a supervisor on another node: its requests and answers travel as
 * the library's own wire records. The one exception is {@link #startChild(Caller, Pid, ChildSpec)}:
 * a {@link ChildSpec} holds code, so across nodes it fails with an {@link IllegalArgumentException};
 * start a simple_one_for_one child with an argument (a ProtoStream type) instead.
 */
public final class Supervisor {

    /** How long the helpers wait for the supervisor's answer. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private Supervisor() {}

    /** Starts a supervisor outside any tree. */
    public static Pid<SupervisorRequest> start(ProcessNode node, SupervisorSpec spec) {
        return GenServer.start(node, SupervisorRequest.class, new SupervisorServer(spec));
    }

    /**
     * Starts a supervisor whose spec {@code init} makes in the supervisor's own process, as OTP's
     * {@code init/1} does; when it returns null the start returns null (OTP's {@code ignore}).
     */
    public static Pid<SupervisorRequest> start(ProcessNode node, java.util.function.Supplier<SupervisorSpec> init) {
        return GenServer.start(node, SupervisorRequest.class, new SupervisorServer(init));
    }

    /** Starts a supervisor linked to the calling process (for instance as a child supervisor). */
    public static Pid<SupervisorRequest> startLink(ProcessContext<?> parent, SupervisorSpec spec) {
        return GenServer.startLink(parent, SupervisorRequest.class, new SupervisorServer(spec));
    }

    /** Adds and starts a child; returns its pid, or null if its start ignored. */
    public static Pid<?> startChild(Caller caller, Pid<SupervisorRequest> sup, ChildSpec spec) {
        return answer(caller.call(sup, new SupervisorRequest.StartChild(spec, null), CALL_TIMEOUT));
    }

    /** Starts a simple_one_for_one child with {@code argument}. */
    public static Pid<?> startChild(Caller caller, Pid<SupervisorRequest> sup, Object argument) {
        return answer(caller.call(sup, new SupervisorRequest.StartChild(null, argument), CALL_TIMEOUT));
    }

    /** Stops a child by id, keeping its spec (a temporary child's spec is removed). */
    public static void terminateChild(Caller caller, Pid<SupervisorRequest> sup, String id) {
        answer(caller.call(sup, new SupervisorRequest.TerminateChild(id), CALL_TIMEOUT));
    }

    /** Stops a simple_one_for_one child by pid. */
    public static void terminateChild(Caller caller, Pid<SupervisorRequest> sup, Pid<?> child) {
        answer(caller.call(sup, new SupervisorRequest.TerminatePid(child), CALL_TIMEOUT));
    }

    /** Removes the spec of a stopped child. */
    public static void deleteChild(Caller caller, Pid<SupervisorRequest> sup, String id) {
        answer(caller.call(sup, new SupervisorRequest.DeleteChild(id), CALL_TIMEOUT));
    }

    /** Starts a stopped child again. */
    public static Pid<?> restartChild(Caller caller, Pid<SupervisorRequest> sup, String id) {
        return answer(caller.call(sup, new SupervisorRequest.RestartChild(id), CALL_TIMEOUT));
    }

    /** Stops the supervisor and all its children (OTP's {@code gen_server:stop}). */
    public static void stop(Caller caller, Pid<SupervisorRequest> sup) {
        answer(caller.call(sup, new SupervisorRequest.Stop(), CALL_TIMEOUT));
    }

    /** The children, in start order. */
    public static List<ChildInfo> whichChildren(Caller caller, Pid<SupervisorRequest> sup) {
        return answer(caller.call(sup, new SupervisorRequest.WhichChildren(), CALL_TIMEOUT));
    }

    /** Counts the children. */
    public static ChildCounts countChildren(Caller caller, Pid<SupervisorRequest> sup) {
        return answer(caller.call(sup, new SupervisorRequest.CountChildren(), CALL_TIMEOUT));
    }

    @SuppressWarnings("unchecked")
    private static <T> T answer(Object reply) {
        if (reply instanceof SupervisorServer.Refused refused) {
            throw new SupervisorException(refused.message());
        }
        return (T) reply;
    }
}
