package dev.rhizome.process.internal;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Something in the process table that signals can reach: a process or a call's reply alias. Holds
 * the link and monitor records; every change happens while holding the endpoint's own monitor
 * ({@code synchronized (endpoint)}), and once the endpoint is dead no record is added, so the records
 * are frozen for the exit fan-out.
 *
 * <p>Footprint matters here: a node should hold a million idle processes in well under 2 GiB. So the
 * endpoint carries no lock object of its own (critical sections are short and never block, so an
 * intrinsic monitor is enough, and it costs nothing until contended), and the link and monitor
 * collections are created on first use: most processes never link or monitor anything.
 */
public abstract class Endpoint {

    final Pid<?> pid;
    /** Linked pids, or null while there are none. */
    private Set<Pid<?>> links;
    /** Monitors others hold on this endpoint (ref to watcher), or null while there are none. */
    private Map<MonitorRef, Pid<?>> monitorsIn;
    /** Monitors this endpoint holds (ref to target), or null while there are none. */
    private Map<MonitorRef, Pid<?>> monitorsOut;
    ExitReason deathReason;

    Endpoint(Pid<?> pid) {
        this.pid = pid;
    }

    public Pid<?> pid() {
        return pid;
    }

    /** Whether it has ended. Caller holds the monitor or accepts a racy answer. */
    boolean dead() {
        return deathReason != null;
    }

    /** A message for the mailbox (user message, {@link dev.rhizome.process.Request} or reply). */
    abstract void deliver(Object message);

    /** Handles an exit signal according to {@link ExitRules}. */
    abstract void exitSignal(Pid<?> from, ExitReason reason, boolean viaLink);

    /** A monitor of this endpoint fired; delivered at most once per ref. */
    abstract void down(MonitorRef ref, Pid<?> target, ExitReason reason);

    // ---- the records, created on first use; callers hold the monitor -----------------------------

    /** Adds a link record; false if it was already there. Caller holds the monitor. */
    final boolean addLinkLocked(Pid<?> other) {
        if (links == null) {
            links = new LinkedHashSet<>(4);
        }
        return links.add(other);
    }

    /** Removes a link record; false if there was none. Caller holds the monitor. */
    final boolean removeLinkLocked(Pid<?> other) {
        return links != null && links.remove(other);
    }

    /** Records a monitor a watcher holds on this endpoint. Caller holds the monitor. */
    final void putMonitorInLocked(MonitorRef ref, Pid<?> watcher) {
        if (monitorsIn == null) {
            monitorsIn = new LinkedHashMap<>(4);
        }
        monitorsIn.put(ref, watcher);
    }

    /** Removes a held monitor, returning its target or null. Caller holds the monitor. */
    final Pid<?> removeMonitorOutLocked(MonitorRef ref) {
        return monitorsOut == null ? null : monitorsOut.remove(ref);
    }

    /** Adds a link from {@code other}; false if this endpoint is dead. */
    synchronized boolean acceptLink(Pid<?> other) {
        if (dead()) {
            return false;
        }
        addLinkLocked(other);
        return true;
    }

    synchronized void dropLink(Pid<?> other) {
        removeLinkLocked(other);
    }

    /** Adds a monitor held by {@code watcher}; false if this endpoint is dead. */
    synchronized boolean acceptMonitor(MonitorRef ref, Pid<?> watcher) {
        if (dead()) {
            return false;
        }
        putMonitorInLocked(ref, watcher);
        return true;
    }

    synchronized void dropMonitor(MonitorRef ref) {
        if (monitorsIn != null) {
            monitorsIn.remove(ref);
        }
    }

    /**
     * Drops the monitor {@code owner} holds on this endpoint (a call's alias, once the call is
     * answered), returning its ref, or null if there was none.
     */
    synchronized MonitorRef dropMonitorOwnedBy(Pid<?> owner) {
        if (monitorsIn == null) {
            return null;
        }
        for (var it = monitorsIn.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().owner().equals(owner)) {
                it.remove();
                return e.getKey();
            }
        }
        return null;
    }

    /** Records a monitor this endpoint holds; false if this endpoint is dead. */
    synchronized boolean holdMonitor(MonitorRef ref, Pid<?> target) {
        if (dead()) {
            return false;
        }
        if (monitorsOut == null) {
            monitorsOut = new LinkedHashMap<>(4);
        }
        monitorsOut.put(ref, target);
        return true;
    }

    /** Removes a held monitor, returning its target or null. */
    synchronized Pid<?> releaseMonitor(MonitorRef ref) {
        return removeMonitorOutLocked(ref);
    }

    /** Snapshot of what refers to {@code node}, for node-down handling. */
    record NodeTies(List<Pid<?>> links, List<Map.Entry<MonitorRef, Pid<?>>> monitorsOut) {}

    synchronized NodeTies tiesTo(NodeId node) {
        List<Pid<?>> l = new ArrayList<>();
        if (links != null) {
            for (Pid<?> p : links) {
                if (p.isOn(node)) {
                    l.add(p);
                }
            }
        }
        List<Map.Entry<MonitorRef, Pid<?>>> m = new ArrayList<>();
        if (monitorsOut != null) {
            for (var e : monitorsOut.entrySet()) {
                if (e.getValue().isOn(node)) {
                    m.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
        }
        if (monitorsIn != null) {
            monitorsIn.entrySet().removeIf(e -> e.getValue().isOn(node));
        }
        return new NodeTies(l, m);
    }

    /** Everything this endpoint was tied to when it died, taken out for the exit fan-out. */
    record Ties(List<Pid<?>> links, List<Map.Entry<MonitorRef, Pid<?>>> monitorsIn,
            List<Map.Entry<MonitorRef, Pid<?>>> monitorsOut) {}

    /** Takes every link and monitor record out, leaving none behind. */
    synchronized Ties takeTies() {
        Ties ties = new Ties(
                links == null ? List.of() : List.copyOf(links),
                entries(monitorsIn),
                entries(monitorsOut));
        links = null;
        monitorsIn = null;
        monitorsOut = null;
        return ties;
    }

    private static List<Map.Entry<MonitorRef, Pid<?>>> entries(Map<MonitorRef, Pid<?>> map) {
        if (map == null) {
            return List.of();
        }
        List<Map.Entry<MonitorRef, Pid<?>>> out = new ArrayList<>(map.size());
        for (var e : map.entrySet()) {
            out.add(Map.entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Marks the endpoint dead; true the first time only. */
    synchronized boolean markDead(ExitReason reason) {
        if (dead()) {
            return false;
        }
        deathReason = reason;
        onDeathLocked();
        return true;
    }

    /** Wakes a waiting owner; called with the monitor held. */
    void onDeathLocked() {}

    /** Called once after death, outside the monitor, from the thread that caused it. */
    void afterDeath() {}
}
