package dev.rhizome.process.internal;

import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.NodeDown;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Reactor;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.Spawned;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process: a virtual thread, its mailbox, and its side of links and monitors. Signals from other
 * threads are applied while holding the process's monitor ({@code synchronized (this)}); the owner's
 * thread parks with {@link LockSupport#park} and a deliverer that finds it {@link #waiting} unparks it.
 *
 * <p>A process is either a <em>thread process</em>, running its {@link ProcessBody} on its own virtual
 * thread, or a <em>reactor</em> ({@link Reactor}), which has no thread: a delivery to an idle reactor
 * runs its handler on the delivering thread (bounded by {@link ReactorPool#MAX_DEPTH} and a batch of
 * messages), otherwise a turn is queued on {@link ReactorPool}; {@link #running} makes sure one
 * thread at a time drains the mailbox.
 *
 * <p>Lean on purpose, since a node should hold a million idle processes in well under 2 GiB: no lock
 * or condition objects, a mailbox created on the first message, no thread name unless
 * {@value #THREAD_NAMES_PROPERTY} is {@code true}, and a short stack under {@link #receive()} so the
 * parked virtual thread's stack chunk stays small. An idle process costs about 1 KB of heap.
 */
public final class LocalProcess<M> extends Endpoint implements ProcessContext<M>, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    /** System property: name each process's virtual thread {@code process-<node.id>} (costs ~70 B each). */
    public static final String THREAD_NAMES_PROPERTY = "rhizome.process.threadNames";
    private static final boolean THREAD_NAMES = Boolean.getBoolean(THREAD_NAMES_PROPERTY);

    private final ProcessRuntime runtime;
    private final Class<?> protocol;
    private final Pid<?> parent;
    private final ProcessBody<M> body;
    /** The callbacks of a reactor (a process without a thread), or null for a thread process. */
    private final Reactor<M> reactor;
    /** Reactor only: a turn is under way or scheduled; guarded by the monitor. */
    private boolean running;
    /** Messages in arrival order, or null until the first one; guarded by the monitor. */
    private ArrayDeque<Object> mailbox;
    /** The owner is parked (or about to park) waiting for a message; guarded by the monitor. */
    private boolean waiting;
    /** Node monitors (node name to count), or null while there are none; guarded by the monitor. */
    private Map<String, Integer> nodeMonitors;
    private volatile boolean trapping;
    private Thread thread;

    LocalProcess(ProcessRuntime runtime, Pid<M> pid, Class<?> protocol, Pid<?> parent, ProcessBody<M> body) {
        this(runtime, pid, protocol, parent, body, null);
    }

    LocalProcess(ProcessRuntime runtime, Pid<M> pid, Class<?> protocol, Pid<?> parent, ProcessBody<M> body,
            Reactor<M> reactor) {
        super(pid);
        this.runtime = runtime;
        this.protocol = protocol == null ? Object.class : protocol;
        this.parent = parent;
        this.body = body;
        this.reactor = reactor;
        // a reactor's first turn (init, then the mailbox) is owed from the start: a message that
        // arrives before start() only queues, it never runs a handler ahead of init
        this.running = reactor != null;
    }

    /** The type remote messages must have to be accepted. */
    Class<?> protocol() {
        return protocol;
    }

    void start() {
        if (reactor != null) {
            ReactorPool.execute(this::firstTurn); // running is already set: this turn owns the mailbox
            return;
        }
        Thread.Builder.OfVirtual builder = Thread.ofVirtual();
        if (THREAD_NAMES) {
            builder.name("process-" + pid);
        }
        thread = builder.unstarted(this);
        thread.start();
    }

    /** The process's thread body; internal, called once by the virtual thread. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a process runs only on its own thread");
        }
        ExitReason reason;
        try {
            body.run(this);
            reason = ExitReason.NORMAL;
        } catch (ExitException e) {
            reason = e.reason();
        } catch (Throwable t) {
            reason = ExitReason.error(t.toString());
            if (!dead()) {
                LOG.debug("process {} crashed", pid, t);
            }
        }
        runtime.terminate(this, reason);
    }

    // ---- signals from anywhere -----------------------------------------------------------------

    /** Appends to the mailbox; returns whether the owner must be unparked. Caller holds the monitor. */
    private boolean enqueueLocked(Object message) {
        if (mailbox == null) {
            mailbox = new ArrayDeque<>(4);
        }
        mailbox.addLast(message);
        if (reactor != null) {
            if (running) {
                return false;
            }
            running = true; // this caller schedules the turn
            return true;
        }
        boolean wake = waiting;
        waiting = false;
        return wake;
    }

    /** Wakes the owner for a signal; a reactor's turn runs on the pool. */
    private void wake() {
        if (reactor != null) {
            ReactorPool.execute(this::pooledTurn);
        } else {
            LockSupport.unpark(thread);
        }
    }

    @Override
    void deliver(Object message) {
        boolean wake;
        synchronized (this) {
            if (dead()) {
                return;
            }
            wake = enqueueLocked(message);
        }
        if (!wake) {
            return;
        }
        if (reactor == null) {
            LockSupport.unpark(thread);
        } else if (reactor.runsInline() && ReactorPool.tryEnter(true)) {
            // direct hand-off: the idle reactor handles it on this thread, nobody is woken
            try {
                drain();
            } finally {
                ReactorPool.exit();
            }
        } else {
            ReactorPool.execute(this::pooledTurn);
        }
    }

    // ---- reactor turns -------------------------------------------------------------------------

    /** Reactor turns handle at most this many messages before yielding the thread to others. */
    private static final int BATCH = 64;

    private void firstTurn() {
        ReactorPool.tryEnter(false);
        try {
            try {
                reactor.init(this);
            } catch (Throwable t) {
                stopReactor(t);
                return;
            }
            drain();
        } finally {
            ReactorPool.exit();
        }
    }

    private void pooledTurn() {
        ReactorPool.tryEnter(false);
        try {
            drain();
        } finally {
            ReactorPool.exit();
        }
    }

    /** One reactor turn: handles queued messages in order; the caller owns {@link #running}. */
    private void drain() {
        for (int handled = 0; ; handled++) {
            Object message;
            synchronized (this) {
                if (dead()) {
                    return;
                }
                if (mailbox == null || mailbox.isEmpty()) {
                    running = false;
                    return;
                }
                if (handled == BATCH) {
                    message = null; // more to do: go to the back of the pool's queue
                } else {
                    message = mailbox.pollFirst();
                }
            }
            if (message == null) {
                ReactorPool.execute(this::pooledTurn);
                return;
            }
            try {
                reactor.handle(message, this);
            } catch (Throwable t) {
                stopReactor(t);
                return;
            }
        }
    }

    private void stopReactor(Throwable t) {
        ExitReason reason;
        if (t instanceof ExitException e) {
            reason = e.reason();
        } else {
            reason = ExitReason.error(t.toString());
            if (!dead()) {
                LOG.debug("reactor {} crashed", pid, t);
            }
        }
        runtime.terminate(this, reason);
    }

    @Override
    void exitSignal(Pid<?> from, ExitReason reason, boolean viaLink) {
        ExitRules.Outcome outcome;
        synchronized (this) {
            if (dead()) {
                return;
            }
            boolean linkActive = viaLink && removeLinkLocked(from);
            outcome = ExitRules.decide(reason, viaLink, linkActive, trapping, from.equals(pid));
            if (outcome instanceof ExitRules.Outcome.Deliver) {
                if (!enqueueLocked(new Exit(from, reason))) {
                    return;
                }
            }
        }
        if (outcome instanceof ExitRules.Outcome.Deliver) {
            wake();
        } else if (outcome instanceof ExitRules.Outcome.Die die) {
            runtime.terminate(this, die.reason());
        }
    }

    @Override
    void down(MonitorRef ref, Pid<?> target, ExitReason reason) {
        boolean wake;
        synchronized (this) {
            if (dead() || removeMonitorOutLocked(ref) == null) {
                return;
            }
            wake = enqueueLocked(new Down(ref, target, reason));
        }
        if (wake) {
            wake();
        }
    }

    /**
     * Node {@code nodeName} is gone: fires this process's monitors of it, all of them, or only one
     * (a monitor set up while the node was already out of view). Each instance fires exactly once,
     * whichever of the two paths gets to it first.
     */
    void nodeLost(String nodeName, boolean justOne) {
        boolean wake = false;
        synchronized (this) {
            if (dead() || nodeMonitors == null) {
                return;
            }
            Integer count = nodeMonitors.get(nodeName);
            if (count == null) {
                return;
            }
            int fire = justOne ? 1 : count;
            if (count > fire) {
                nodeMonitors.put(nodeName, count - fire);
            } else {
                nodeMonitors.remove(nodeName);
            }
            for (int i = 0; i < fire; i++) {
                wake |= enqueueLocked(new NodeDown(nodeName));
            }
        }
        if (wake) {
            wake();
        }
    }

    @Override
    public void monitorNode(String nodeName, boolean on) {
        checkAlive();
        synchronized (this) {
            if (!on) {
                if (nodeMonitors != null) {
                    nodeMonitors.remove(nodeName);
                }
                return;
            }
            if (nodeMonitors == null) {
                nodeMonitors = new HashMap<>(2);
            }
            nodeMonitors.merge(nodeName, 1, Integer::sum);
        }
        // recorded first, checked second: a loss between the two is caught by one path or the other
        if (!runtime.inView(nodeName)) {
            nodeLost(nodeName, true);
        }
    }

    @Override
    void onDeathLocked() {
        mailbox = null;
        nodeMonitors = null;
    }

    @Override
    void afterDeath() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // wakes it from receive, a call or any other blocking operation
        }
    }

    // ---- receiving -----------------------------------------------------------------------------

    /**
     * Takes the first message that matches, waiting at most {@code timeoutNanos} (forever if
     * negative); null on timeout. Messages that do not match stay in order.
     */
    private Object take(Predicate<Object> match, long timeoutNanos) {
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        if (reactor != null) {
            throw new IllegalStateException("a reactor cannot block in receive: messages come to Reactor.handle");
        }
        while (true) {
            long left = 0;
            synchronized (this) {
                waiting = false;
                if (dead()) {
                    throw new ExitException(deathReason);
                }
                if (mailbox != null) {
                    for (Iterator<Object> it = mailbox.iterator(); it.hasNext(); ) {
                        Object message = it.next();
                        if (match.test(message)) {
                            it.remove();
                            return message;
                        }
                    }
                }
                if (timeoutNanos >= 0) {
                    left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                }
                waiting = true;
            }
            // a delivery between here and park leaves a permit, so park returns at once
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, left);
            }
            Thread.interrupted(); // an interrupt only wakes us; death is checked above
        }
    }

    private static final Predicate<Object> ANY = m -> true;

    private static long nanos(Duration timeout) {
        return timeout.isNegative() ? 0 : TimeUnit.NANOSECONDS.convert(timeout);
    }

    @Override
    public Object receive() {
        return take(ANY, -1);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(take(ANY, nanos(timeout)));
    }

    @Override
    public Optional<Object> receive(Predicate<Object> match, Duration timeout) {
        return Optional.ofNullable(take(match, nanos(timeout)));
    }

    @Override
    public <T> T receive(Class<T> type) {
        return type.cast(take(type::isInstance, -1));
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        return Optional.ofNullable(take(type::isInstance, nanos(timeout))).map(type::cast);
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Predicate<? super T> match, Duration timeout) {
        return Optional.ofNullable(take(m -> type.isInstance(m) && match.test(type.cast(m)), nanos(timeout)))
                .map(type::cast);
    }

    @Override
    public synchronized void hibernate() {
        if (mailbox != null && mailbox.isEmpty()) {
            mailbox = null;
        }
    }

    @Override
    public synchronized int mailboxSize() {
        return mailbox == null ? 0 : mailbox.size();
    }

    /** Reactors have no stack to wait on; their handlers may run on a channel's I/O thread. */
    private void refuseBlockingInReactor(String what) {
        if (reactor != null) {
            throw new IllegalStateException("a reactor cannot block in " + what);
        }
    }

    private void checkAlive() {
        if (dead()) {
            throw new ExitException(deathReason);
        }
    }

    // ---- the rest of the context ---------------------------------------------------------------

    @SuppressWarnings("unchecked")
    @Override
    public Pid<M> self() {
        return (Pid<M>) pid;
    }

    @Override
    public ProcessNode node() {
        return runtime.node();
    }

    @Override
    public Optional<Pid<?>> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public <X> void send(Pid<X> to, X message) {
        checkAlive();
        runtime.send(pid, to, message);
    }

    @Override
    public void send(String name, Object message) {
        checkAlive();
        Pid<?> to = runtime.whereis(name)
                .orElseThrow(() -> new IllegalArgumentException("no process registered as '" + name + "'"));
        runtime.send(pid, to, message);
    }

    @Override
    public <R> R call(Pid<?> server, Object request) {
        return call(server, request, DEFAULT_CALL_TIMEOUT);
    }

    @Override
    public <R> R call(Pid<?> server, Object request, Duration timeout) {
        checkAlive();
        refuseBlockingInReactor("call: cast, and take the answer as a message");
        return runtime.call(pid, server, request, timeout);
    }

    @Override
    public void cast(Pid<?> server, Object request) {
        checkAlive();
        runtime.cast(pid, server, request);
    }

    @Override
    public void reply(ReplyTo to, Object value) {
        runtime.reply(pid, to, value);
    }

    @Override
    public <X> Pid<X> spawn(ProcessBody<X> body) {
        return spawn(null, body);
    }

    @Override
    public <X> Pid<X> spawn(Class<X> protocol, ProcessBody<X> body) {
        checkAlive();
        return runtime.spawn(this, protocol, body, false, null);
    }

    @Override
    public <X> Pid<X> spawnLink(ProcessBody<X> body) {
        return spawnLink(null, body);
    }

    @Override
    public <X> Pid<X> spawnLink(Class<X> protocol, ProcessBody<X> body) {
        checkAlive();
        return runtime.spawn(this, protocol, body, true, null);
    }

    @Override
    public <X> Pid<X> spawnReactor(Class<X> protocol, Reactor<X> reactor, boolean link) {
        checkAlive();
        return runtime.spawnReactor(this, protocol, reactor, link);
    }

    @Override
    public <X> Spawned<X> spawnMonitor(ProcessBody<X> body) {
        checkAlive();
        MonitorRef ref = runtime.newRef(pid);
        Pid<X> child = runtime.spawn(this, null, body, false, ref);
        return new Spawned<>(child, ref);
    }

    @Override
    public <X> Pid<X> spawnRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
        refuseBlockingInReactor("spawn on another node");
        return runtime.spawnRemote(this, nodeName, behaviour, args, false, null);
    }

    @Override
    public <X> Pid<X> spawnLinkRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
        refuseBlockingInReactor("spawn on another node");
        return runtime.spawnRemote(this, nodeName, behaviour, args, true, null);
    }

    @Override
    public <X> Spawned<X> spawnMonitorRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
        refuseBlockingInReactor("spawn on another node");
        MonitorRef ref = runtime.newRef(pid);
        Pid<X> child = runtime.spawnRemote(this, nodeName, behaviour, args, false, ref);
        return new Spawned<>(child, ref);
    }

    @Override
    public void link(Pid<?> other) {
        checkAlive();
        runtime.link(this, other);
    }

    @Override
    public void unlink(Pid<?> other) {
        checkAlive();
        runtime.unlink(this, other);
    }

    @Override
    public MonitorRef monitor(Pid<?> target) {
        checkAlive();
        return runtime.monitor(this, target);
    }

    @Override
    public MonitorRef monitor(String name) {
        checkAlive();
        Optional<Pid<?>> target = runtime.whereis(name);
        if (target.isEmpty()) {
            MonitorRef ref = runtime.newRef(pid);
            holdMonitor(ref, pid);
            down(ref, Pid.of(runtime.self(), 0), ExitReason.NOPROC);
            return ref;
        }
        return runtime.monitor(this, target.get());
    }

    @Override
    public MonitorRef monitor(String name, String nodeName) {
        checkAlive();
        return runtime.monitorName(this, name, nodeName);
    }

    @Override
    public void send(String name, String nodeName, Object message) {
        checkAlive();
        runtime.sendNamed(pid, name, nodeName, message);
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return demonitor(ref, false);
    }

    @Override
    public boolean demonitor(MonitorRef ref, boolean flush) {
        boolean active = runtime.demonitor(this, ref);
        if (flush) {
            synchronized (this) {
                if (mailbox != null) {
                    mailbox.removeIf(m -> m instanceof Down d && d.ref().equals(ref));
                }
            }
        }
        return active;
    }

    @Override
    public synchronized boolean trapExit(boolean trap) {
        boolean old = trapping;
        trapping = trap;
        return old;
    }

    @Override
    public boolean trapsExits() {
        return trapping;
    }

    @Override
    public void exit(Pid<?> target, ExitReason reason) {
        checkAlive();
        runtime.exit(pid, target, reason);
        checkAlive();
    }

    @Override
    public ExitException exit(ExitReason reason) {
        throw new ExitException(reason);
    }

    @Override
    public void register(String name) {
        checkAlive();
        runtime.register(name, pid);
    }

    @Override
    public String toString() {
        return "process " + pid;
    }
}
