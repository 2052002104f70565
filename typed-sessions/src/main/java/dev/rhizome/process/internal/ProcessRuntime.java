package dev.rhizome.process.internal;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.CallException;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.Reactor;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.Request;
import dev.rhizome.process.SpawnException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The process runtime of one node: the process table, local names, and the routing of messages and
 * signals to local endpoints or, through the {@link RemoteBridge}, to other nodes.
 *
 * <p>Termination order follows OTP: a dead process first releases its names (local and cluster),
 * then sends exit signals to its links and DOWN to its monitors.
 */
public final class ProcessRuntime {

    private final NodeId self;
    private final ProcessNode node;
    private final MetricRegistry metrics;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Endpoint> table = new ConcurrentHashMap<>();
    private final Map<String, Pid<?>> names = new ConcurrentHashMap<>();
    private final Map<Pid<?>, String> nameOf = new ConcurrentHashMap<>();
    private final List<Consumer<Pid<?>>> releasers = new CopyOnWriteArrayList<>();
    private volatile RemoteBridge remote;
    private volatile BehaviourTable behaviours = new BehaviourTable();

    public ProcessRuntime(NodeId self, ProcessNode node, MetricRegistry metrics) {
        this.self = self;
        this.node = node;
        this.metrics = metrics;
    }

    public NodeId self() {
        return self;
    }

    public ProcessNode node() {
        return node;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    /** The behaviours this node spawns by name. */
    public void behaviours(BehaviourTable table) {
        this.behaviours = table;
    }

    public void attach(RemoteBridge bridge) {
        this.remote = bridge;
    }

    /** Adds a hook run when a process dies, before its signals go out (name release). */
    public void addReleaser(Consumer<Pid<?>> releaser) {
        releasers.add(releaser);
    }

    public boolean isLocal(Pid<?> pid) {
        return pid.isOn(self);
    }

    public Endpoint endpoint(Pid<?> pid) {
        return isLocal(pid) ? table.get(pid.id()) : null;
    }

    /** Whether the local process is alive. */
    public boolean isAlive(Pid<?> pid) {
        Endpoint e = endpoint(pid);
        return e instanceof LocalProcess<?> && !e.dead();
    }

    /** The number of live local processes. */
    public int processCount() {
        return (int) table.values().stream().filter(e -> e instanceof LocalProcess<?>).count();
    }

    public MonitorRef newRef(Pid<?> owner) {
        return new MonitorRef(owner, ids.incrementAndGet());
    }

    // ---- spawning ------------------------------------------------------------------------------

    public <X> Pid<X> spawn(LocalProcess<?> parent, Class<X> protocol, ProcessBody<X> body, boolean link, MonitorRef monitor) {
        Pid<X> pid = Pid.of(self, ids.incrementAndGet());
        return launch(parent, new LocalProcess<>(this, pid, protocol, parent == null ? null : parent.pid, body), link, monitor);
    }

    /** Spawns a reactor: a process without a thread of its own (see {@link Reactor}). */
    public <X> Pid<X> spawnReactor(LocalProcess<?> parent, Class<X> protocol, Reactor<X> reactor, boolean link) {
        Pid<X> pid = Pid.of(self, ids.incrementAndGet());
        return launch(parent, new LocalProcess<>(this, pid, protocol, parent == null ? null : parent.pid, null, reactor),
                link, null);
    }

    private <X> Pid<X> launch(LocalProcess<?> parent, LocalProcess<X> child, boolean link, MonitorRef monitor) {
        Pid<X> pid = child.self();
        if (link) {
            if (!parent.acceptLink(pid)) {
                throw new ExitException(parent.deathReason);
            }
            child.addLinkLocked(parent.pid); // not yet published: no other thread sees the child
        }
        if (monitor != null) {
            parent.holdMonitor(monitor, pid);
            child.putMonitorInLocked(monitor, parent.pid);
        }
        table.put(pid.id(), child);
        metrics.counter("processes.spawned").inc();
        child.start();
        return pid;
    }

    /** Creates a process without starting it (remote spawn: the reply must leave first). */
    public <X> LocalProcess<X> prepare(Class<X> protocol, ProcessBody<X> body, Pid<?> linkTo, MonitorRef monitor) {
        Pid<X> pid = Pid.of(self, ids.incrementAndGet());
        LocalProcess<X> child = new LocalProcess<>(this, pid, protocol, linkTo, body);
        if (linkTo != null) {
            child.addLinkLocked(linkTo); // not yet published
        }
        if (monitor != null) {
            child.putMonitorInLocked(monitor, monitor.owner());
        }
        table.put(pid.id(), child);
        metrics.counter("processes.spawned").inc();
        return child;
    }

    public void start(LocalProcess<?> process) {
        process.start();
    }

    public <X> Pid<X> spawnRemote(LocalProcess<?> parent, String nodeName, String behaviour, Object args, boolean link,
            MonitorRef monitor) {
        if (nodeName.equals(self.name())) {
            return spawnByName(parent, behaviour, args, link, monitor);
        }
        RemoteBridge bridge = remote;
        if (bridge == null) {
            throw new SpawnException("cannot spawn '" + behaviour + "' on " + nodeName + ": this node is not distributed");
        }
        NodeId target = bridge.member(nodeName).orElseThrow(() ->
                new SpawnException("cannot spawn '" + behaviour + "' on " + nodeName + ": node is not connected"));
        Duration timeout = ProcessNode.SPAWN_TIMEOUT;
        try {
            @SuppressWarnings("unchecked")
            Pid<X> pid = (Pid<X>) bridge.spawn(target, behaviour, args, link ? parent.pid : null, monitor, timeout)
                    .get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            return pid;
        } catch (TimeoutException e) {
            throw new SpawnException("cannot spawn '" + behaviour + "' on " + nodeName + ": no answer within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new SpawnException("cannot spawn '" + behaviour + "' on " + nodeName + ": no answer within " + timeout);
            }
            throw cause instanceof SpawnException s ? s : new SpawnException("spawn on " + nodeName + " failed", cause);
        } catch (InterruptedException e) {
            throw parent == null ? new SpawnException("interrupted") : new ExitException(
                    parent.deathReason == null ? ExitReason.KILLED : parent.deathReason);
        }
    }

    /** A spawn by behaviour name that lands on this very node. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <X> Pid<X> spawnByName(LocalProcess<?> parent, String behaviour, Object args, boolean link, MonitorRef monitor) {
        BehaviourTable.Entry entry = behaviours.find(behaviour).orElseThrow(() -> new SpawnException(
                "no behaviour '" + behaviour + "' is registered on node " + self.name()));
        ProcessBody body;
        try {
            body = entry.create(args);
        } catch (RuntimeException e) {
            throw new SpawnException("behaviour '" + behaviour + "' on node " + self.name() + " could not start: " + e, e);
        }
        if (parent == null) {
            return spawn(null, entry.protocol(), body, false, null);
        }
        return spawn(parent, entry.protocol(), body, link, monitor);
    }

    /** A remote spawn reply arrived: record the parent's side of the link or monitor. */
    public void spawnedRemotely(Pid<?> parent, Pid<?> child, boolean linked, MonitorRef monitor) {
        Endpoint p = endpoint(parent);
        if (p == null) {
            if (linked) {
                remoteExit(child, parent, ExitReason.NOPROC, true);
            }
            return;
        }
        if (linked && !p.acceptLink(child)) {
            remoteExit(child, parent, p.deathReason, true);
        }
        if (monitor != null && !p.holdMonitor(monitor, child)) {
            remote.demonitor(monitor, child);
        }
    }

    // ---- termination ---------------------------------------------------------------------------

    /** How deep exit fan-outs may nest on one thread before the rest moves to a fresh virtual thread. */
    private static final int MAX_FAN_OUT_DEPTH = 32;
    private static final ThreadLocal<int[]> FAN_OUT_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** Ends {@code endpoint} with {@code reason}; only the first call has an effect. */
    public void terminate(Endpoint endpoint, ExitReason reason) {
        if (!endpoint.markDead(reason)) {
            return;
        }
        int[] depth = FAN_OUT_DEPTH.get();
        if (depth[0] >= MAX_FAN_OUT_DEPTH) {
            // a long chain of links: continue on another thread rather than overflow this stack; one
            // thread still sends all of this process's signals, so their order is kept
            Thread.ofVirtual().name("exit-fan-out").start(() -> fanOut(endpoint, reason));
            return;
        }
        depth[0]++;
        try {
            fanOut(endpoint, reason);
        } finally {
            depth[0]--;
        }
    }

    private void fanOut(Endpoint endpoint, ExitReason reason) {
        Pid<?> pid = endpoint.pid;
        // names first, so a DOWN receiver can re-register at once
        String name = nameOf.remove(pid);
        if (name != null) {
            names.remove(name, pid);
        }
        for (Consumer<Pid<?>> releaser : releasers) {
            releaser.accept(pid);
        }
        table.remove(pid.id());
        Endpoint.Ties ties = endpoint.takeTies();
        List<Pid<?>> links = ties.links();
        List<Map.Entry<MonitorRef, Pid<?>>> monitorsIn = ties.monitorsIn();
        List<Map.Entry<MonitorRef, Pid<?>>> monitorsOut = ties.monitorsOut();
        for (Pid<?> linked : links) {
            sendExit(linked, pid, reason, true);
        }
        for (var monitor : monitorsIn) {
            sendDown(monitor.getKey(), pid, reason);
        }
        for (var held : monitorsOut) {
            Endpoint target = endpoint(held.getValue());
            if (target != null) {
                target.dropMonitor(held.getKey());
            } else if (!isLocal(held.getValue()) && remote != null) {
                remote.demonitor(held.getKey(), held.getValue());
            }
        }
        if (endpoint instanceof LocalProcess<?>) {
            metrics.counter("processes.exited").inc();
        }
        endpoint.afterDeath();
    }

    // ---- signals -------------------------------------------------------------------------------

    private void remoteExit(Pid<?> to, Pid<?> from, ExitReason reason, boolean viaLink) {
        if (remote != null) {
            remote.exit(to, from, reason, viaLink);
        }
    }

    /** Delivers an exit signal to {@code to}, wherever it is. */
    public void sendExit(Pid<?> to, Pid<?> from, ExitReason reason, boolean viaLink) {
        if (isLocal(to)) {
            Endpoint e = table.get(to.id());
            if (e != null) {
                e.exitSignal(from, reason, viaLink);
            }
        } else {
            remoteExit(to, from, reason, viaLink);
        }
    }

    /** Delivers DOWN for {@code ref} to its owner, wherever it is. */
    public void sendDown(MonitorRef ref, Pid<?> target, ExitReason reason) {
        Pid<?> owner = ref.owner();
        if (isLocal(owner)) {
            Endpoint e = table.get(owner.id());
            if (e != null) {
                e.down(ref, target, reason);
            }
        } else if (remote != null) {
            remote.down(ref, target, reason);
        }
    }

    /** Erlang's {@code exit(Pid, Reason)}. */
    public void exit(Pid<?> from, Pid<?> to, ExitReason reason) {
        sendExit(to, from, reason, false);
    }

    /** Delivers a message; unknown or unreachable receivers drop it. */
    public void send(Pid<?> from, Pid<?> to, Object message) {
        if (isLocal(to)) {
            Endpoint e = table.get(to.id());
            if (e != null) {
                e.deliver(message);
            } else {
                metrics.counter("processes.dropped-messages").inc();
            }
        } else if (remote != null) {
            remote.message(from, to, message);
        } else {
            metrics.counter("processes.dropped-messages").inc();
        }
    }

    /** Incoming remote link request. */
    public void linkFromRemote(Pid<?> from, Pid<?> to) {
        Endpoint e = endpoint(to);
        if (e == null || !e.acceptLink(from)) {
            remoteExit(from, to, ExitReason.NOPROC, true);
        }
    }

    /** Incoming remote monitor request. */
    public void monitorFromRemote(MonitorRef ref, Pid<?> target) {
        Endpoint e = endpoint(target);
        if (e == null || !e.acceptMonitor(ref, ref.owner())) {
            if (remote != null) {
                remote.down(ref, target, ExitReason.NOPROC);
            }
        }
    }

    public void link(Endpoint self, Pid<?> other) {
        if (other.equals(self.pid)) {
            return;
        }
        synchronized (self) {
            if (!self.addLinkLocked(other)) {
                return; // idempotent
            }
        }
        if (isLocal(other)) {
            Endpoint e = table.get(other.id());
            if (e == null || !e.acceptLink(self.pid)) {
                self.exitSignal(other, ExitReason.NOPROC, true);
            }
        } else if (remote == null || !remote.isConnected(other.node())) {
            self.exitSignal(other, ExitReason.NOCONNECTION, true);
        } else {
            remote.link(self.pid, other);
        }
    }

    public void unlink(Endpoint self, Pid<?> other) {
        self.dropLink(other);
        if (isLocal(other)) {
            Endpoint e = table.get(other.id());
            if (e != null) {
                e.dropLink(self.pid);
            }
        } else if (remote != null) {
            remote.unlink(self.pid, other);
        }
    }

    public MonitorRef monitor(Endpoint self, Pid<?> target) {
        MonitorRef ref = newRef(self.pid);
        monitor(self, target, ref);
        return ref;
    }

    void monitor(Endpoint self, Pid<?> target, MonitorRef ref) {
        if (!self.holdMonitor(ref, target)) {
            return;
        }
        if (isLocal(target)) {
            Endpoint e = table.get(target.id());
            if (e == null || !e.acceptMonitor(ref, self.pid)) {
                self.down(ref, target, ExitReason.NOPROC);
            }
        } else if (remote == null || !remote.isConnected(target.node())) {
            self.down(ref, target, ExitReason.NOCONNECTION);
        } else {
            remote.monitor(ref, target);
        }
    }

    /**
     * Monitors {@code {name, nodeName}}: resolved once, on that node. The monitor is recorded against a
     * placeholder pid (id 0) of the node, so the node's loss fires it with {@code noconnection}.
     */
    public MonitorRef monitorName(Endpoint self, String name, String nodeName) {
        if (nodeName.equals(this.self.name())) {
            MonitorRef ref = newRef(self.pid);
            Optional<Pid<?>> target = whereis(name);
            if (target.isPresent()) {
                monitor(self, target.get(), ref);
            } else if (self.holdMonitor(ref, Pid.of(this.self, 0))) {
                self.down(ref, Pid.of(this.self, 0), ExitReason.NOPROC);
            }
            return ref;
        }
        MonitorRef ref = newRef(self.pid);
        RemoteBridge bridge = remote;
        Optional<NodeId> node = bridge == null ? Optional.empty() : bridge.member(nodeName);
        if (node.isEmpty()) {
            Pid<?> nowhere = new Pid<>(nodeName, "", 0, 0, 0);
            if (self.holdMonitor(ref, nowhere)) {
                self.down(ref, nowhere, ExitReason.NOCONNECTION);
            }
            return ref;
        }
        Pid<?> placeholder = Pid.of(node.get(), 0);
        if (self.holdMonitor(ref, placeholder)) {
            bridge.monitorName(ref, placeholder, name);
        }
        return ref;
    }

    /** Incoming monitor by name: resolve once, then monitor that process. */
    public void monitorNameFromRemote(MonitorRef ref, Pid<?> placeholder, String name) {
        Optional<Pid<?>> target = whereis(name);
        if (target.isEmpty()) {
            remote.down(ref, placeholder, ExitReason.NOPROC);
        } else {
            monitorFromRemote(ref, target.get());
        }
    }

    /** A demonitor whose target was given by name: drop the ref wherever it is. */
    public void dropMonitorEverywhere(MonitorRef ref) {
        for (Endpoint e : table.values()) {
            e.dropMonitor(ref);
        }
    }

    /** Sends to {@code {name, nodeName}}; dropped if the node is unknown or the name unregistered there. */
    public void sendNamed(Pid<?> from, String name, String nodeName, Object message) {
        if (nodeName.equals(self.name())) {
            whereis(name).ifPresentOrElse(to -> send(from, to, message),
                    () -> metrics.counter("processes.dropped-messages").inc());
            return;
        }
        RemoteBridge bridge = remote;
        Optional<NodeId> node = bridge == null ? Optional.empty() : bridge.member(nodeName);
        if (node.isEmpty()) {
            metrics.counter("processes.dropped-messages").inc();
            return;
        }
        bridge.sendNamed(from, Pid.of(node.get(), 0), name, message);
    }

    public boolean demonitor(Endpoint self, MonitorRef ref) {
        Pid<?> target = self.releaseMonitor(ref);
        if (target == null) {
            return false;
        }
        if (isLocal(target)) {
            Endpoint e = table.get(target.id());
            if (e != null) {
                e.dropMonitor(ref);
            }
        } else if (remote != null) {
            remote.demonitor(ref, target);
        }
        return true;
    }

    /** Whether node {@code nodeName} is this node or in its view. */
    boolean inView(String nodeName) {
        if (nodeName.equals(self.name())) {
            return true;
        }
        RemoteBridge bridge = remote;
        return bridge != null && bridge.member(nodeName).isPresent();
    }

    /** A node left this node's view: every tie to it fires once with {@code noconnection}. */
    public void nodeDown(NodeId lost) {
        for (Endpoint e : table.values()) {
            if (e instanceof LocalProcess<?> p) {
                p.nodeLost(lost.name(), false);
            }
            Endpoint.NodeTies ties = e.tiesTo(lost);
            for (Pid<?> linked : ties.links()) {
                e.exitSignal(linked, ExitReason.NOCONNECTION, true);
            }
            for (var monitor : ties.monitorsOut()) {
                e.down(monitor.getKey(), monitor.getValue(), ExitReason.NOCONNECTION);
            }
        }
    }

    // ---- calls ---------------------------------------------------------------------------------

    /** A call from {@code caller} (a process, or null from outside any process). */
    public <R> R call(Pid<?> caller, Pid<?> server, Object request, Duration timeout) {
        long tag = ids.incrementAndGet();
        Alias alias = new Alias(Pid.of(self, tag), tag);
        table.put(tag, alias);
        MonitorRef ref = newRef(alias.pid);
        alias.ref = ref;
        try {
            Request.Call call = new Request.Call(new ReplyTo(alias.pid, tag), request);
            Pid<?> from = caller == null ? alias.pid : caller;
            RemoteBridge bridge = remote;
            if (!isLocal(server) && bridge != null && bridge.isConnected(server.node())) {
                // one frame carries the monitor and the call; the server's reply releases the monitor
                if (alias.holdMonitor(ref, server)) {
                    bridge.call(from, server, call, ref);
                }
            } else {
                monitor(alias, server, ref);
                send(from, server, call);
            }
            try {
                @SuppressWarnings("unchecked")
                R reply = (R) alias.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return reply;
            } catch (TimeoutException e) {
                metrics.counter("processes.call-timeouts").inc();
                throw new CallException(ExitReason.TIMEOUT, "call to " + server + " timed out after " + timeout);
            } catch (ExecutionException e) {
                ExitReason reason = e.getCause() instanceof Alias.ServerDown down ? down.reason : ExitReason.error(String.valueOf(e.getCause()));
                if (reason instanceof ExitReason.NoConnection) {
                    reason = new ExitReason.NodeDown(server.nodeName());
                }
                throw new CallException(reason, "call to " + server + " failed: " + reason);
            } catch (InterruptedException e) {
                Endpoint me = caller == null ? null : endpoint(caller);
                ExitReason reason = me != null && me.deathReason != null ? me.deathReason : ExitReason.KILLED;
                throw new ExitException(reason);
            }
        } finally {
            demonitor(alias, ref);
            terminate(alias, ExitReason.NORMAL);
        }
    }

    public void cast(Pid<?> caller, Pid<?> server, Object request) {
        send(caller, server, new Request.Cast(request));
    }

    public void reply(Pid<?> from, ReplyTo to, Object value) {
        if (isLocal(to.alias())) {
            if (table.get(to.alias().id()) == null) {
                metrics.counter("processes.late-replies").inc();
                return;
            }
            send(from, to.alias(), new Reply(to.tag(), value));
            return;
        }
        // a remote caller: the call's monitor on this replier (if any) is no longer needed; dropping it
        // here and saying so in the reply spares the caller a demonitor frame
        Endpoint replier = from == null ? null : endpoint(from);
        MonitorRef released = replier == null ? null : replier.dropMonitorOwnedBy(to.alias());
        send(from, to.alias(), new Reply(to.tag(), value, released == null ? 0 : released.id()));
    }

    /** A reply that arrived from another node. */
    public void replyFromRemote(Pid<?> alias, long tag, Object value, long releasedMonitor) {
        Endpoint e = endpoint(alias);
        if (e == null) {
            metrics.counter("processes.late-replies").inc();
            return;
        }
        e.deliver(new Reply(tag, value, releasedMonitor));
    }

    // ---- names ---------------------------------------------------------------------------------

    public void register(String name, Pid<?> pid) {
        Endpoint e = endpoint(pid);
        if (e == null || e.dead()) {
            throw new IllegalArgumentException("cannot register '" + name + "': " + pid + " is not a live local process");
        }
        if (nameOf.putIfAbsent(pid, name) != null) {
            throw new IllegalStateException(pid + " already has the name '" + nameOf.get(pid) + "'");
        }
        Pid<?> previous = names.putIfAbsent(name, pid);
        if (previous != null) {
            nameOf.remove(pid, name);
            throw new IllegalStateException("name '" + name + "' is taken by " + previous);
        }
        if (e.dead()) {
            names.remove(name, pid);
            nameOf.remove(pid, name);
        }
    }

    public boolean unregister(String name) {
        Pid<?> pid = names.remove(name);
        if (pid != null) {
            nameOf.remove(pid, name);
        }
        return pid != null;
    }

    public Optional<Pid<?>> whereis(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** Local processes still running, for shutdown. */
    public List<LocalProcess<?>> processes() {
        List<LocalProcess<?>> out = new java.util.ArrayList<>();
        for (Endpoint e : table.values()) {
            if (e instanceof LocalProcess<?> p) {
                out.add(p);
            }
        }
        return out;
    }

    /** The protocol class of a local process, or null. */
    public Class<?> protocolOf(Pid<?> pid) {
        return endpoint(pid) instanceof LocalProcess<?> p ? p.protocol() : null;
    }
}
