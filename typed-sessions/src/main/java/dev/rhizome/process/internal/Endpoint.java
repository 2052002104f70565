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
import java.util.concurrent.locks.ReentrantLock;

/**
 * Something in the process table that signals can reach: a process or a call's reply alias. Holds
 * the link and monitor records; every change happens under {@link #lock}, and once the endpoint is
 * dead no record is added, so the records are frozen for the exit fan-out.
 */
public abstract class Endpoint {

    final Pid<?> pid;
    final ReentrantLock lock = new ReentrantLock();
    final Set<Pid<?>> links = new LinkedHashSet<>();
    /** Monitors others hold on this endpoint: ref to watcher. */
    final Map<MonitorRef, Pid<?>> monitorsIn = new LinkedHashMap<>();
    /** Monitors this endpoint holds: ref to target. */
    final Map<MonitorRef, Pid<?>> monitorsOut = new LinkedHashMap<>();
    ExitReason deathReason;

    Endpoint(Pid<?> pid) {
        this.pid = pid;
    }

    public Pid<?> pid() {
        return pid;
    }

    /** Whether it has ended. Caller holds the lock or accepts a racy answer. */
    boolean dead() {
        return deathReason != null;
    }

    /** A message for the mailbox (user message, {@link dev.rhizome.process.Request} or reply). */
    abstract void deliver(Object message);

    /** Handles an exit signal according to {@link ExitRules}. */
    abstract void exitSignal(Pid<?> from, ExitReason reason, boolean viaLink);

    /** A monitor of this endpoint fired; delivered at most once per ref. */
    abstract void down(MonitorRef ref, Pid<?> target, ExitReason reason);

    /** Adds a link from {@code other}; false if this endpoint is dead. */
    boolean acceptLink(Pid<?> other) {
        lock.lock();
        try {
            if (dead()) {
                return false;
            }
            links.add(other);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void dropLink(Pid<?> other) {
        lock.lock();
        try {
            links.remove(other);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a monitor held by {@code watcher}; false if this endpoint is dead. */
    boolean acceptMonitor(MonitorRef ref, Pid<?> watcher) {
        lock.lock();
        try {
            if (dead()) {
                return false;
            }
            monitorsIn.put(ref, watcher);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void dropMonitor(MonitorRef ref) {
        lock.lock();
        try {
            monitorsIn.remove(ref);
        } finally {
            lock.unlock();
        }
    }

    /** Records a monitor this endpoint holds; false if this endpoint is dead. */
    boolean holdMonitor(MonitorRef ref, Pid<?> target) {
        lock.lock();
        try {
            if (dead()) {
                return false;
            }
            monitorsOut.put(ref, target);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a held monitor, returning its target or null. */
    Pid<?> releaseMonitor(MonitorRef ref) {
        lock.lock();
        try {
            return monitorsOut.remove(ref);
        } finally {
            lock.unlock();
        }
    }

    /** Snapshot of what refers to {@code node}, for node-down handling. */
    record NodeTies(List<Pid<?>> links, List<Map.Entry<MonitorRef, Pid<?>>> monitorsOut) {}

    NodeTies tiesTo(NodeId node) {
        lock.lock();
        try {
            List<Pid<?>> l = new ArrayList<>();
            for (Pid<?> p : links) {
                if (p.isOn(node)) {
                    l.add(p);
                }
            }
            List<Map.Entry<MonitorRef, Pid<?>>> m = new ArrayList<>();
            for (var e : monitorsOut.entrySet()) {
                if (e.getValue().isOn(node)) {
                    m.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            monitorsIn.entrySet().removeIf(e -> e.getValue().isOn(node));
            return new NodeTies(l, m);
        } finally {
            lock.unlock();
        }
    }

    /** Marks the endpoint dead; true the first time only. */
    boolean markDead(ExitReason reason) {
        lock.lock();
        try {
            if (dead()) {
                return false;
            }
            deathReason = reason;
            onDeathLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting owner; called with the lock held. */
    void onDeathLocked() {}

    /** Called once after death, outside the lock, from the thread that caused it. */
    void afterDeath() {}
}
