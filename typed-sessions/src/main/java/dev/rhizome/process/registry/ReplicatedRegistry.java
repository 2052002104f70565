package dev.rhizome.process.registry;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.internal.OverlayBridge;
import dev.rhizome.process.internal.wire.WireName;
import dev.rhizome.process.internal.wire.WireNameSnapshot;
import dev.rhizome.process.internal.wire.WirePid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An eventually consistent cluster registry. Each node keeps a replica; a node registers only its own
 * processes and tells the members it sees directly. Names of a dead process are released (and the
 * release sent) before its exit signals; names held on a lost node are dropped before its
 * {@code noconnection} signals; a node coming up receives this node's registrations. Two holders of
 * one name are settled by the {@link ConflictResolver} on every node alike.
 *
 * <p>Delivery between nodes is at most once, so every {@code resyncInterval} each node also sends the
 * members a snapshot of the names its processes hold (anti-entropy): a lost add or release is repaired
 * within one interval.
 *
 * <p>On a partial-view topology (HyParView) updates and snapshots also travel as overlay broadcasts
 * (see {@link OverlayBridge#broadcastName}), so they reach the nodes outside the registering node's
 * view. A node learns that a non-neighbour is gone only by its silence: names held on a node that is
 * neither a neighbour nor heard from (a snapshot, an update) within {@value #EXPIRY_INTERVALS}
 * resync intervals are dropped. So over partial views {@link #whereis} is a local, eventually
 * consistent answer (a stale entry lives at most that long), never a silent global one; and the
 * "released before DOWN" order holds between neighbours only, as DOWN itself does.
 */
public final class ReplicatedRegistry implements ProcessRegistry, AutoCloseable {

    /** The default anti-entropy interval. */
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(1);

    private final ProcessNode node;
    private final OverlayBridge bridge;
    private final ConflictResolver resolver;
    private final Map<String, Pid<?>> names = new ConcurrentHashMap<>();
    /** When each other node (name and incarnation) was last heard from, in nanoTime. */
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final long expiryNanos;

    /** Resync intervals of silence after which a non-neighbour's names are dropped. */
    public static final int EXPIRY_INTERVALS = 3;
    private final ScheduledExecutorService resync;
    /**
     * Held while this node's own names change and their update is posted, and while a snapshot is
     * taken and posted: a snapshot taken before a release then always leaves before that release, so
     * a stale snapshot can never bring a dead process's name back after its DOWN went out.
     */
    private final Object outbound = new Object();

    /** A registry with the default resync interval of one second. */
    public ReplicatedRegistry(ProcessNode node, ConflictResolver resolver) {
        this(node, resolver, DEFAULT_RESYNC);
    }

    public ReplicatedRegistry(ProcessNode node, ConflictResolver resolver, Duration resyncInterval) {
        this.node = node;
        this.bridge = node.bridge().orElseThrow(() -> new IllegalArgumentException("the registry needs a distributed ProcessNode"));
        this.resolver = resolver;
        node.runtime().addReleaser(this::releaseAll);
        bridge.onNames(this::onUpdate);
        bridge.beforeNodeDown(lost -> names.values().removeIf(p -> p.isOn(lost)));
        node.overlay().orElseThrow().onNodeUp((up, reason) -> syncTo(up));
        this.resync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rhizome-registry-" + node.self().name());
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, resyncInterval.toMillis());
        this.expiryNanos = TimeUnit.MILLISECONDS.toNanos(millis) * EXPIRY_INTERVALS;
        resync.scheduleWithFixedDelay(() -> {
            broadcastSnapshot();
            expireSilentNodes();
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the anti-entropy timer. */
    @Override
    public void close() {
        resync.shutdownNow();
    }

    private WireNameSnapshot snapshot() {
        List<String> held = new ArrayList<>();
        List<WirePid> pids = new ArrayList<>();
        for (var entry : names.entrySet()) {
            if (entry.getValue().isOn(node.self())) {
                held.add(entry.getKey());
                pids.add(WirePid.of(entry.getValue()));
            }
        }
        return new WireNameSnapshot(held, pids);
    }

    private void broadcastSnapshot() {
        try {
            synchronized (outbound) {
                bridge.broadcastName(snapshot());
            }
        } catch (RuntimeException e) {
            // the node may be stopping; the next round tries again
        }
    }

    private static String nodeKey(String name, long incarnation) {
        return name + "/" + incarnation;
    }

    /** Drops the names held on nodes that are not neighbours and have been silent too long. */
    private void expireSilentNodes() {
        try {
            long now = System.nanoTime();
            Set<String> neighbours = new HashSet<>();
            for (NodeId member : node.overlay().orElseThrow().members()) {
                neighbours.add(nodeKey(member.name(), member.incarnation()));
            }
            names.entrySet().removeIf(e -> {
                Pid<?> pid = e.getValue();
                if (pid.isOn(node.self())) {
                    return false;
                }
                String key = nodeKey(pid.nodeName(), pid.incarnation());
                Long heard = lastHeard.get(key);
                return !neighbours.contains(key) && (heard == null || now - heard > expiryNanos);
            });
        } catch (RuntimeException e) {
            // the node may be stopping; the next round tries again
        }
    }

    @Override
    public boolean register(String name, Pid<?> pid) {
        if (!pid.isOn(node.self())) {
            throw new IllegalArgumentException("a node registers only its own processes; " + pid + " is not local");
        }
        if (!node.isAlive(pid)) {
            return false;
        }
        synchronized (outbound) {
            Pid<?> current = names.putIfAbsent(name, pid);
            if (current != null && !current.equals(pid)) {
                return false;
            }
            bridge.broadcastName(new WireName(name, WirePid.of(pid), true));
        }
        if (!node.isAlive(pid)) {
            releaseAll(pid);
            return false;
        }
        return true;
    }

    @Override
    public Optional<Pid<?>> whereis(String name) {
        return Optional.ofNullable(names.get(name));
    }

    @Override
    public void unregister(String name) {
        synchronized (outbound) {
            Pid<?> pid = names.get(name);
            if (pid != null && pid.isOn(node.self()) && names.remove(name, pid)) {
                bridge.broadcastName(new WireName(name, WirePid.of(pid), false));
            }
        }
    }

    private void releaseAll(Pid<?> pid) {
        synchronized (outbound) {
            for (var entry : names.entrySet()) {
                if (entry.getValue().equals(pid) && names.remove(entry.getKey(), pid)) {
                    bridge.broadcastName(new WireName(entry.getKey(), WirePid.of(pid), false));
                }
            }
        }
    }

    private void syncTo(NodeId up) {
        synchronized (outbound) {
            bridge.sendName(up, snapshot());
        }
    }

    private void onUpdate(NodeId from, Object message) {
        lastHeard.put(nodeKey(from.name(), from.incarnation()), System.nanoTime());
        if (message instanceof WireNameSnapshot snapshot) {
            Set<String> present = new HashSet<>();
            List<String> held = snapshot.names() == null ? List.of() : snapshot.names();
            for (int i = 0; i < held.size(); i++) {
                present.add(held.get(i));
                add(held.get(i), snapshot.pids().get(i).toPid());
            }
            names.entrySet().removeIf(e -> e.getValue().isOn(from) && !present.contains(e.getKey()));
            return;
        }
        WireName update = (WireName) message;
        Pid<?> pid = update.pid().toPid();
        if (!update.add()) {
            names.remove(update.name(), pid);
            return;
        }
        add(update.name(), pid);
    }

    private void add(String name, Pid<?> pid) {
        WireName update = new WireName(name, WirePid.of(pid), true);
        while (true) {
            Pid<?> current = names.putIfAbsent(update.name(), pid);
            if (current == null || current.equals(pid)) {
                return;
            }
            Pid<?> winner = resolver.winner(update.name(), current, pid);
            Pid<?> loser = winner.equals(current) ? pid : current;
            if (winner.equals(current) || names.replace(update.name(), current, winner)) {
                if (loser.isOn(node.self()) && resolver.onLoser()) {
                    node.exit(loser, resolver.loserExit(update.name()));
                }
                return;
            }
        }
    }
}
