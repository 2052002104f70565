package dev.rhizome.process.internal;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import dev.rhizome.process.Request;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** How the runtime reaches other nodes. Every method is non-blocking; delivery is at most once. */
public interface RemoteBridge {

    /** Whether {@code node} is currently in this node's view. */
    boolean isConnected(NodeId node);

    /** Finds the current incarnation of a member by name. */
    java.util.Optional<NodeId> member(String name);

    void message(Pid<?> from, Pid<?> to, Object message);

    void exit(Pid<?> to, Pid<?> from, ExitReason reason, boolean viaLink);

    void link(Pid<?> from, Pid<?> to);

    void unlink(Pid<?> from, Pid<?> to);

    void monitor(MonitorRef ref, Pid<?> target);

    /**
     * Sends a call together with the caller alias's monitor on the server ({@code monitor}, owned by
     * the call's alias): one frame instead of a monitor and a message.
     */
    void call(Pid<?> from, Pid<?> to, Request.Call call, MonitorRef monitor);

    void demonitor(MonitorRef ref, Pid<?> target);

    /** Monitors the process registered as {@code name} on {@code placeholder}'s node. */
    void monitorName(MonitorRef ref, Pid<?> placeholder, String name);

    /** Sends to the process registered as {@code name} on {@code placeholder}'s node. */
    void sendNamed(Pid<?> from, Pid<?> placeholder, String name, Object message);

    void down(MonitorRef ref, Pid<?> target, ExitReason reason);

    /** Asks {@code node} to spawn a behaviour; completes with the new pid. */
    CompletableFuture<Pid<?>> spawn(NodeId node, String behaviour, Object args, Pid<?> linkTo, MonitorRef monitor,
            Duration timeout);

    /** Tells other nodes that {@code pid} released its names (cluster registry hook). */
    default void released(Pid<?> pid) {}
}
