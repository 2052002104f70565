package dev.rhizome.process.supervisor.internal;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.SpawnException;
import dev.rhizome.process.server.Next;
import dev.rhizome.process.server.ServerBehaviour;
import dev.rhizome.process.supervisor.ChildCounts;
import dev.rhizome.process.supervisor.ChildInfo;
import dev.rhizome.process.supervisor.ChildSpec;
import dev.rhizome.process.supervisor.ChildStart;
import dev.rhizome.process.supervisor.RestartType;
import dev.rhizome.process.supervisor.ShutdownPolicy;
import dev.rhizome.process.supervisor.Strategy;
import dev.rhizome.process.supervisor.SupervisorRequest;
import dev.rhizome.process.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor as a gen_server, following {@code supervisor.erl}: it traps exits, starts children in
 * order, restarts by strategy and restart type (counting every attempt against the intensity, and
 * retrying a failed restart through a message to itself so it stays responsive), and shuts children
 * down with monitor, {@code shutdown}, timeout, {@code kill}.
 */
public final class SupervisorServer implements ServerBehaviour<SupervisorRequest, SupervisorServer.State> {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisorServer.class);
    /** Bound on waiting for a DOWN that must come (after kill); guards against a lost signal. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    /** The answer to a request the supervisor refuses. */
    public record Refused(String message) {}

    /** A failed restart to try again (OTP's {@code try_again_restart}). */
    record TryAgain(Child child) {}

    static final class Child {
        final ChildSpec spec;
        final Object argument;
        Pid<?> pid;
        boolean restarting;
        NodeId lastNode;

        Child(ChildSpec spec, Object argument) {
            this.spec = spec;
            this.argument = argument;
        }
    }

    /** The supervisor's state: its children in start order and its restart history. */
    public static final class State {
        final List<Child> children = new ArrayList<>();
        final RestartIntensity intensity;

        State(RestartIntensity intensity) {
            this.intensity = intensity;
        }
    }

    private final java.util.function.Supplier<SupervisorSpec> init;
    private SupervisorSpec spec;
    private boolean simple;

    public SupervisorServer(SupervisorSpec spec) {
        this(() -> spec);
    }

    /** A supervisor whose spec is made in its own process at start (OTP's {@code init/1}); null means {@code ignore}. */
    public SupervisorServer(java.util.function.Supplier<SupervisorSpec> init) {
        this.init = init;
    }

    @Override
    public State init(ProcessContext<SupervisorRequest> self) {
        self.trapExit(true);
        spec = init.get();
        if (spec == null) {
            throw new dev.rhizome.process.server.GenServer.Ignore();
        }
        simple = spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE;
        State state = new State(new RestartIntensity(spec.intensity(), spec.periodSeconds()));
        if (simple) {
            return state;
        }
        for (ChildSpec childSpec : spec.children()) {
            Child child = new Child(childSpec, null);
            try {
                start(self, child);
            } catch (Exception e) {
                terminateAll(self, state);
                throw new SpawnException("shutdown: failed_to_start_child " + childSpec.id() + ": " + describe(e), e);
            }
            if (child.pid != null || childSpec.restart() != RestartType.TEMPORARY) {
                state.children.add(child);
            }
        }
        return state;
    }

    private static String describe(Exception e) {
        return e instanceof ExitException x ? x.reason().toString() : e.toString();
    }

    private static void start(ProcessContext<?> self, Child child) throws Exception {
        Pid<?> pid = child.spec.start().start(new ChildStart.Args(self, child.argument, Optional.ofNullable(child.lastNode)));
        child.pid = pid;
        child.restarting = false;
        if (pid != null) {
            child.lastNode = pid.node();
        }
    }

    // ---- calls ---------------------------------------------------------------------------------

    @Override
    public Next<State> handleCall(SupervisorRequest request, ReplyTo from, State state, ProcessContext<SupervisorRequest> self) {
        if (request instanceof SupervisorRequest.Stop) {
            // children first, so the caller's answer means they are gone (as gen_server:stop waits)
            terminateAll(self, state);
            return Next.stopAndReply(ExitReason.NORMAL, true, state); // gen:stop/1 stops with normal
        }
        return Next.reply(answer(request, state, self), state);
    }

    private Object answer(SupervisorRequest request, State state, ProcessContext<SupervisorRequest> self) {
        switch (request) {
            case SupervisorRequest.StartChild start -> {
                Child child;
                if (simple) {
                    child = new Child(spec.children().getFirst(), start.argument());
                } else {
                    if (start.spec() == null) {
                        return new Refused("a child spec is required for " + spec.strategy());
                    }
                    Optional<Child> existing = find(state, start.spec().id());
                    if (existing.isPresent()) {
                        return new Refused(existing.get().pid != null ? "already_started " + existing.get().pid : "already_present");
                    }
                    if (start.spec().significant() && spec.autoShutdown() == SupervisorSpec.AutoShutdown.NEVER) {
                        return new Refused("significant children need auto_shutdown any or all");
                    }
                    child = new Child(start.spec(), null);
                }
                try {
                    start(self, child);
                } catch (Exception e) {
                    return new Refused("child " + child.spec.id() + " failed to start: " + describe(e));
                }
                if (child.pid != null || (!simple && child.spec.restart() != RestartType.TEMPORARY)) {
                    state.children.add(child);
                }
                return child.pid;
            }
            case SupervisorRequest.TerminateChild t -> {
                if (simple) {
                    return new Refused("simple_one_for_one children are terminated by pid");
                }
                Optional<Child> child = find(state, t.id());
                if (child.isEmpty()) {
                    return new Refused("not_found " + t.id());
                }
                stopChild(self, state, child.get());
                return true;
            }
            case SupervisorRequest.TerminatePid t -> {
                Optional<Child> child = state.children.stream().filter(c -> t.pid().equals(c.pid)).findFirst();
                if (child.isEmpty()) {
                    return new Refused("not_found " + t.pid());
                }
                stopChild(self, state, child.get());
                if (simple) {
                    state.children.remove(child.get());
                }
                return true;
            }
            case SupervisorRequest.DeleteChild d -> {
                if (simple) {
                    return new Refused("simple_one_for_one does not delete children");
                }
                Optional<Child> child = find(state, d.id());
                if (child.isEmpty()) {
                    return new Refused("not_found " + d.id());
                }
                if (child.get().pid != null) {
                    return new Refused("running " + d.id());
                }
                if (child.get().restarting) {
                    return new Refused("restarting " + d.id());
                }
                state.children.remove(child.get());
                return true;
            }
            case SupervisorRequest.RestartChild r -> {
                if (simple) {
                    return new Refused("simple_one_for_one does not restart children by id");
                }
                Optional<Child> child = find(state, r.id());
                if (child.isEmpty()) {
                    return new Refused("not_found " + r.id());
                }
                if (child.get().pid != null) {
                    return new Refused("running " + r.id());
                }
                try {
                    start(self, child.get());
                } catch (Exception e) {
                    return new Refused("child " + r.id() + " failed to start: " + describe(e));
                }
                return child.get().pid;
            }
            case SupervisorRequest.WhichChildren w -> {
                return state.children.stream().map(c -> new ChildInfo(c.spec.id(), c.pid, c.restarting, c.spec.type())).toList();
            }
            case SupervisorRequest.Stop s -> {
                return true;
            }
            case SupervisorRequest.CountChildren c -> {
                int active = (int) state.children.stream().filter(ch -> ch.pid != null).count();
                int sups = (int) state.children.stream().filter(ch -> ch.spec.type() == ChildSpec.ChildType.SUPERVISOR).count();
                return new ChildCounts(state.children.size(), active, sups, state.children.size() - sups);
            }
        }
    }

    private static Optional<Child> find(State state, String id) {
        return state.children.stream().filter(c -> c.spec.id().equals(id)).findFirst();
    }

    /** Stops a child on request; a temporary child's spec goes with it. */
    private void stopChild(ProcessContext<?> self, State state, Child child) {
        if (child.pid != null) {
            shutdown(self, child);
        }
        child.restarting = false;
        if (child.spec.restart() == RestartType.TEMPORARY) {
            state.children.remove(child);
        }
    }

    // ---- exits and restarts --------------------------------------------------------------------

    @Override
    public Next<State> handleInfo(Object message, State state, ProcessContext<SupervisorRequest> self) {
        switch (message) {
            case Exit exit -> {
                Optional<Child> child = state.children.stream().filter(c -> exit.from().equals(c.pid)).findFirst();
                if (child.isEmpty()) {
                    return Next.noReply(state);
                }
                return childExited(self, state, child.get(), exit.reason());
            }
            case TryAgain again -> {
                if (!state.children.contains(again.child()) || !again.child().restarting) {
                    return Next.noReply(state);
                }
                return restart(self, state, again.child());
            }
            default -> {
                return Next.noReply(state);
            }
        }
    }

    private Next<State> childExited(ProcessContext<SupervisorRequest> self, State state, Child child, ExitReason reason) {
        child.pid = null;
        if (!child.spec.restart().restartsAfter(reason)) {
            if (child.spec.restart() == RestartType.TEMPORARY || simple) {
                state.children.remove(child);
            }
            if (child.spec.significant() && autoShutdown(state)) {
                LOG.debug("supervisor {}: significant child {} ended; auto shutdown", self.self(), child.spec.id());
                return Next.stop(ExitReason.SHUTDOWN, state);
            }
            return Next.noReply(state);
        }
        LOG.debug("child {} exited with {}; restarting", child.spec.id(), reason);
        return restart(self, state, child);
    }

    /** Whether {@code auto_shutdown} applies now that a significant child ended for good. */
    private boolean autoShutdown(State state) {
        return switch (spec.autoShutdown()) {
            case NEVER -> false;
            case ANY_SIGNIFICANT -> true;
            case ALL_SIGNIFICANT -> state.children.stream().noneMatch(c -> c.spec.significant() && c.pid != null);
        };
    }

    private Next<State> restart(ProcessContext<SupervisorRequest> self, State state, Child failed) {
        if (!state.intensity.addRestart(spec.clockSeconds().getAsLong())) {
            LOG.warn("supervisor {} reached_max_restart_intensity ({} in {} s); shutting down", self.self(),
                    spec.intensity(), spec.periodSeconds());
            return Next.stop(ExitReason.SHUTDOWN, state);
        }
        int index = state.children.indexOf(failed);
        List<Child> affected = new ArrayList<>();
        for (int i : RestartPlan.affected(spec.strategy(), state.children.size(), index)) {
            affected.add(state.children.get(i));
        }
        for (int i = affected.size() - 1; i >= 0; i--) {
            Child sibling = affected.get(i);
            if (sibling != failed && sibling.pid != null) {
                shutdown(self, sibling);
                if (sibling.spec.restart() == RestartType.TEMPORARY) {
                    state.children.remove(sibling);
                }
            }
        }
        for (Child child : affected) {
            if (!state.children.contains(child) || child.pid != null) {
                continue;
            }
            try {
                start(self, child);
            } catch (Exception e) {
                LOG.warn("supervisor {} could not restart child {}: {}", self.self(), child.spec.id(), describe(e));
                child.restarting = true;
                self.send(self.self().<Object>narrow(), new TryAgain(child));
                break;
            }
        }
        return Next.noReply(state);
    }

    // ---- shutdown ------------------------------------------------------------------------------

    @Override
    public void terminate(ExitReason reason, State state, ProcessContext<SupervisorRequest> self) {
        terminateAll(self, state);
    }

    private void terminateAll(ProcessContext<?> self, State state) {
        if (simple) {
            shutdownAll(self, state.children);
        } else {
            for (int i = state.children.size() - 1; i >= 0; i--) {
                Child child = state.children.get(i);
                if (child.pid != null) {
                    shutdown(self, child);
                }
            }
        }
    }

    /** OTP's {@code shutdown/2}: monitor, unlink, {@code shutdown}, wait, {@code kill}. */
    private static void shutdown(ProcessContext<?> self, Child child) {
        Pid<?> pid = child.pid;
        MonitorRef ref = self.monitor(pid);
        self.unlink(pid);
        ExitReason result;
        switch (child.spec.shutdown()) {
            case ShutdownPolicy.BrutalKill b -> {
                self.exit(pid, ExitReason.KILL);
                result = awaitDown(self, ref, KILL_WAIT);
            }
            case ShutdownPolicy.Timeout t -> {
                self.exit(pid, ExitReason.SHUTDOWN);
                result = awaitDown(self, ref, t.timeout());
                if (result == null) {
                    self.exit(pid, ExitReason.KILL);
                    result = awaitDown(self, ref, KILL_WAIT);
                }
            }
            case ShutdownPolicy.Infinity i -> {
                self.exit(pid, ExitReason.SHUTDOWN);
                result = awaitDown(self, ref, Duration.ofDays(3650));
            }
        }
        flushExit(self, pid);
        report(self, child, result);
        child.pid = null;
    }

    /** simple_one_for_one: every child gets the signal at once, all under one timer. */
    private static void shutdownAll(ProcessContext<?> self, List<Child> children) {
        Map<MonitorRef, Child> waiting = new HashMap<>();
        for (Child child : children) {
            if (child.pid == null) {
                continue;
            }
            MonitorRef ref = self.monitor(child.pid);
            self.unlink(child.pid);
            self.exit(child.pid, child.spec.shutdown() instanceof ShutdownPolicy.BrutalKill ? ExitReason.KILL : ExitReason.SHUTDOWN);
            waiting.put(ref, child);
        }
        ShutdownPolicy policy = children.isEmpty() ? ShutdownPolicy.brutalKill() : children.getFirst().spec.shutdown();
        Duration timeout = policy instanceof ShutdownPolicy.Timeout t ? t.timeout()
                : policy instanceof ShutdownPolicy.Infinity ? Duration.ofDays(3650) : KILL_WAIT;
        long deadline = System.nanoTime() + timeout.toNanos();
        drain(self, waiting, deadline);
        if (!waiting.isEmpty()) {
            for (Child child : waiting.values()) {
                self.exit(child.pid, ExitReason.KILL);
            }
            drain(self, waiting, System.nanoTime() + KILL_WAIT.toNanos());
        }
        for (Child child : children) {
            if (child.pid != null) {
                flushExit(self, child.pid);
                child.pid = null;
            }
        }
    }

    private static void drain(ProcessContext<?> self, Map<MonitorRef, Child> waiting, long deadline) {
        while (!waiting.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Optional<Down> down = self.receive(Down.class, d -> waiting.containsKey(d.ref()), Duration.ofNanos(left));
            if (down.isEmpty()) {
                return;
            }
            Child child = waiting.remove(down.get().ref());
            report(self, child, down.get().reason());
        }
    }

    private static ExitReason awaitDown(ProcessContext<?> self, MonitorRef ref, Duration timeout) {
        return self.receive(Down.class, d -> d.ref().equals(ref), timeout).map(Down::reason).orElse(null);
    }

    private static void flushExit(ProcessContext<?> self, Pid<?> pid) {
        while (self.receive(Exit.class, e -> e.from().equals(pid), Duration.ZERO).isPresent()) {
            // the link's EXIT, if it was already queued
        }
    }

    private static void report(ProcessContext<?> self, Child child, ExitReason reason) {
        if (reason == null) {
            LOG.error("supervisor {}: child {} did not end after kill", self.self(), child.spec.id());
            return;
        }
        boolean expected = reason instanceof ExitReason.Shutdown && reason.detail().isEmpty()
                || reason instanceof ExitReason.Killed
                || child.spec.restart() != RestartType.PERMANENT && reason.isOrderly();
        if (!expected) {
            LOG.warn("supervisor {}: shutdown_error for child {}: {}", self.self(), child.spec.id(), reason);
        }
    }
}
