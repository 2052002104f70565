package dev.rhizome.process.internal;

import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.Spawned;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process: a virtual thread, its mailbox, and its side of links and monitors. Signals from other
 * threads are applied under the lock; the owner's thread blocks on the mailbox condition.
 */
public final class LocalProcess<M> extends Endpoint implements ProcessContext<M> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    private final ProcessRuntime runtime;
    private final Class<?> protocol;
    private final Pid<?> parent;
    private final ProcessBody<M> body;
    private final ArrayDeque<Object> mailbox = new ArrayDeque<>();
    private final Condition arrived = lock.newCondition();
    private volatile boolean trapping;
    private Thread thread;

    LocalProcess(ProcessRuntime runtime, Pid<M> pid, Class<?> protocol, Pid<?> parent, ProcessBody<M> body) {
        super(pid);
        this.runtime = runtime;
        this.protocol = protocol == null ? Object.class : protocol;
        this.parent = parent;
        this.body = body;
    }

    /** The type remote messages must have to be accepted. */
    Class<?> protocol() {
        return protocol;
    }

    void start() {
        thread = Thread.ofVirtual().name("process-" + pid).unstarted(this::runBody);
        thread.start();
    }

    private void runBody() {
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

    @Override
    void deliver(Object message) {
        lock.lock();
        try {
            if (dead()) {
                return;
            }
            mailbox.addLast(message);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void exitSignal(Pid<?> from, ExitReason reason, boolean viaLink) {
        ExitRules.Outcome outcome;
        lock.lock();
        try {
            if (dead()) {
                return;
            }
            boolean linkActive = viaLink && links.remove(from);
            outcome = ExitRules.decide(reason, viaLink, linkActive, trapping, from.equals(pid));
            if (outcome instanceof ExitRules.Outcome.Deliver) {
                mailbox.addLast(new Exit(from, reason));
                arrived.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (outcome instanceof ExitRules.Outcome.Die die) {
            runtime.terminate(this, die.reason());
        }
    }

    @Override
    void down(MonitorRef ref, Pid<?> target, ExitReason reason) {
        lock.lock();
        try {
            if (dead() || monitorsOut.remove(ref) == null) {
                return;
            }
            mailbox.addLast(new Down(ref, target, reason));
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void onDeathLocked() {
        mailbox.clear();
        arrived.signalAll();
    }

    @Override
    void afterDeath() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    // ---- receiving -----------------------------------------------------------------------------

    private Optional<Object> take(Predicate<Object> match, long timeoutNanos) {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                if (dead()) {
                    throw new ExitException(deathReason);
                }
                for (Iterator<Object> it = mailbox.iterator(); it.hasNext(); ) {
                    Object message = it.next();
                    if (match.test(message)) {
                        it.remove();
                        return Optional.of(message);
                    }
                }
                long left = deadline - System.nanoTime();
                if (timeoutNanos >= 0 && left <= 0) {
                    return Optional.empty();
                }
                try {
                    if (timeoutNanos < 0) {
                        arrived.await();
                    } else {
                        arrived.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    if (dead()) {
                        throw new ExitException(deathReason);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static long nanos(Duration timeout) {
        return timeout.isNegative() ? 0 : TimeUnit.NANOSECONDS.convert(timeout);
    }

    @Override
    public Object receive() {
        return take(m -> true, -1).orElseThrow();
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return take(m -> true, nanos(timeout));
    }

    @Override
    public Optional<Object> receive(Predicate<Object> match, Duration timeout) {
        return take(match, nanos(timeout));
    }

    @Override
    public <T> T receive(Class<T> type) {
        return type.cast(take(type::isInstance, -1).orElseThrow());
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        return take(type::isInstance, nanos(timeout)).map(type::cast);
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Predicate<? super T> match, Duration timeout) {
        return take(m -> type.isInstance(m) && match.test(type.cast(m)), nanos(timeout)).map(type::cast);
    }

    @Override
    public int mailboxSize() {
        lock.lock();
        try {
            return mailbox.size();
        } finally {
            lock.unlock();
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
    public <X> Spawned<X> spawnMonitor(ProcessBody<X> body) {
        checkAlive();
        MonitorRef ref = runtime.newRef(pid);
        Pid<X> child = runtime.spawn(this, null, body, false, ref);
        return new Spawned<>(child, ref);
    }

    @Override
    public <X> Pid<X> spawnRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
        return runtime.spawnRemote(this, nodeName, behaviour, args, false, null);
    }

    @Override
    public <X> Pid<X> spawnLinkRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
        return runtime.spawnRemote(this, nodeName, behaviour, args, true, null);
    }

    @Override
    public <X> Spawned<X> spawnMonitorRemote(String nodeName, String behaviour, Object args) {
        checkAlive();
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
            lock.lock();
            try {
                mailbox.removeIf(m -> m instanceof Down d && d.ref().equals(ref));
            } finally {
                lock.unlock();
            }
        }
        return active;
    }

    @Override
    public boolean trapExit(boolean trap) {
        lock.lock();
        try {
            boolean old = trapping;
            trapping = trap;
            return old;
        } finally {
            lock.unlock();
        }
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
