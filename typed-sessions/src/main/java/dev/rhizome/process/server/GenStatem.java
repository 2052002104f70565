package dev.rhizome.process.server;

import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Request;
import dev.rhizome.process.SpawnException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StateMachine} as a process, as OTP's gen_statem does: calls, casts and other messages
 * become {@link Event}s; {@link Action.Postpone} keeps an event until the next state change;
 * {@link Action.NextEvent} inserts events ahead of the mailbox; the state timeout is cancelled by a
 * state change, the event timeout by any event, named timeouts only by name.
 */
public final class GenStatem {

    private static final Logger LOG = LoggerFactory.getLogger(GenStatem.class);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rhizome-statem-timers");
        t.setDaemon(true);
        return t;
    });

    /** A timer firing, sent to the machine's own mailbox; stale generations are ignored. */
    private record TimerFired(String name, long generation, Event event) {}

    private GenStatem() {}

    /** Starts a state machine outside any supervision tree. */
    public static <M, S, D> Pid<M> start(ProcessNode node, Class<M> protocol, StateMachine<M, S, D> machine) {
        CompletableFuture<Pid<M>> started = new CompletableFuture<>();
        node.spawn(protocol, body(machine, started));
        return Startup.await(started);
    }

    /** Starts a state machine linked to the calling process. */
    public static <M, S, D> Pid<M> startLink(ProcessContext<?> parent, Class<M> protocol, StateMachine<M, S, D> machine) {
        CompletableFuture<Pid<M>> started = new CompletableFuture<>();
        parent.spawnLink(protocol, body(machine, started));
        return Startup.await(started);
    }

    /** The process body of a state machine. */
    public static <M, S, D> ProcessBody<M> body(StateMachine<M, S, D> machine, CompletableFuture<Pid<M>> started) {
        return self -> {
            Transition<S, D> first;
            try {
                first = machine.init(self);
            } catch (Exception e) {
                started.completeExceptionally(new SpawnException("init failed: " + e, e));
                throw e instanceof ExitException x ? x : new ExitException(ExitReason.error(e.toString()));
            }
            if (!(first instanceof Transition.To<S, D> to)) {
                started.completeExceptionally(new SpawnException("init must return Transition.to(state, data)"));
                throw new ExitException(ExitReason.error("bad init"));
            }
            started.complete(self.self());
            new Runner<>(machine, self, to).run();
        };
    }

    private static final class Runner<M, S, D> {
        private final StateMachine<M, S, D> machine;
        private final ProcessContext<M> self;
        private Deque<Event> inserted = new ArrayDeque<>();
        private List<Event> postponed = new ArrayList<>();
        private Map<String, Long> generations = new HashMap<>();
        private Map<String, ScheduledFuture<?>> timers = new HashMap<>();
        private boolean hibernate;
        private long nextGeneration;
        private S state;
        private D data;
        private Event.Timeout eventTimeout;
        private long eventTimeoutDeadline;

        Runner(StateMachine<M, S, D> machine, ProcessContext<M> self, Transition.To<S, D> first) {
            this.machine = machine;
            this.self = self;
            this.state = first.state();
            this.data = first.data();
            apply(first.actions(), null, false);
            if (machine.stateEnter()) {
                inserted.addFirst(new Event.Enter(first.state()));
            }
        }

        void run() {
            while (true) {
                Event event = nextEvent();
                Transition<S, D> t;
                try {
                    t = machine.handleEvent(event, state, data, self);
                } catch (ExitException e) {
                    stop(e.reason());
                    throw e;
                } catch (Exception | Error e) {
                    ExitReason reason = ExitReason.error(e.toString());
                    LOG.debug("state machine {} crashed", self.self(), e);
                    stop(reason);
                    throw new ExitException(reason);
                }
                switch (t) {
                    case Transition.Stop<S, D> s -> {
                        apply(s.actions(), event, false);
                        stop(s.reason());
                        throw new ExitException(s.reason());
                    }
                    case Transition.Keep<S, D> k -> {
                        data = k.data();
                        apply(k.actions(), event, false);
                    }
                    case Transition.To<S, D> to -> {
                        boolean changed = !Objects.equals(to.state(), state);
                        S old = state;
                        state = to.state();
                        data = to.data();
                        if (changed) {
                            cancel("$state");
                        }
                        apply(to.actions(), event, changed);
                        if (changed && machine.stateEnter()) {
                            inserted.addFirst(new Event.Enter(old));
                        }
                    }
                }
            }
        }

        private void stop(ExitReason reason) {
            timers.values().forEach(f -> f.cancel(false));
            try {
                machine.terminate(reason, state, data, self);
            } catch (RuntimeException e) {
                LOG.warn("terminate of state machine {} failed", self.self(), e);
            }
        }

        private void apply(List<Action> actions, Event current, boolean changed) {
            List<Event> next = new ArrayList<>();
            boolean postpone = false;
            eventTimeout = null;
            for (Action action : actions) {
                switch (action) {
                    case Action.Postpone p -> postpone = true;
                    case Action.Reply r -> self.reply(r.to(), r.value());
                    case Action.NextEvent n -> next.add(n.event());
                    case Action.StateTimeout s -> schedule("$state", s.after(), new Event.StateTimeout(s.content()));
                    case Action.EventTimeout e -> {
                        eventTimeout = new Event.Timeout(e.content());
                        eventTimeoutDeadline = System.nanoTime() + e.after().toNanos();
                    }
                    case Action.NamedTimeout n -> schedule(n.name(), n.after(), new Event.NamedTimeout(n.name(), n.content()));
                    case Action.CancelTimeout c -> cancel(c.name());
                    case Action.Hibernate h -> hibernate = true;
                }
            }
            if (postpone && current != null) {
                postponed.add(current);
            }
            if (changed && !postponed.isEmpty()) {
                for (int i = postponed.size() - 1; i >= 0; i--) {
                    inserted.addFirst(postponed.get(i));
                }
                postponed.clear();
            }
            for (int i = next.size() - 1; i >= 0; i--) {
                inserted.addFirst(next.get(i));
            }
        }

        private void schedule(String name, Duration after, Event event) {
            cancel(name);
            long generation = ++nextGeneration;
            generations.put(name, generation);
            Pid<Object> me = self.self().narrow();
            ProcessNode node = self.node();
            timers.put(name, TIMERS.schedule(() -> node.send(me, new TimerFired(name, generation, event)),
                    Math.max(0, after.toNanos()), TimeUnit.NANOSECONDS));
        }

        private void cancel(String name) {
            generations.remove(name);
            ScheduledFuture<?> f = timers.remove(name);
            if (f != null) {
                f.cancel(false);
            }
        }

        /** Gives back the buffers it can before a long wait (see {@link Action.Hibernate}). */
        private void hibernate() {
            hibernate = false;
            if (inserted.isEmpty()) {
                inserted = new ArrayDeque<>(1);
            }
            if (postponed.isEmpty()) {
                postponed = new ArrayList<>(0);
            } else if (postponed instanceof ArrayList<Event> list) {
                list.trimToSize();
            }
            if (generations.isEmpty()) {
                generations = new HashMap<>(1);
                timers = new HashMap<>(1);
            }
            self.hibernate();
        }

        private Event nextEvent() {
            while (true) {
                if (!inserted.isEmpty()) {
                    eventTimeout = null;
                    return inserted.pollFirst();
                }
                if (hibernate) {
                    hibernate();
                }
                Object message;
                if (eventTimeout != null) {
                    Optional<Object> m = self.receive(Duration.ofNanos(Math.max(0, eventTimeoutDeadline - System.nanoTime())));
                    if (m.isEmpty()) {
                        Event fired = eventTimeout;
                        eventTimeout = null;
                        return fired;
                    }
                    message = m.get();
                } else {
                    message = self.receive();
                }
                Event event = switch (message) {
                    case TimerFired fired -> {
                        Long current = generations.get(fired.name());
                        if (current == null || current != fired.generation()) {
                            yield null;
                        }
                        generations.remove(fired.name());
                        timers.remove(fired.name());
                        yield fired.event();
                    }
                    case Request.Call call -> new Event.Call(call.from(), call.body());
                    case Request.Cast cast -> new Event.Cast(cast.body());
                    case Exit exit when self.trapsExits() && self.parent().filter(exit.from()::equals).isPresent() -> {
                        stop(exit.reason());
                        throw new ExitException(exit.reason());
                    }
                    default -> new Event.Info(message);
                };
                if (event != null) {
                    eventTimeout = null;
                    return event;
                }
            }
        }
    }
}
