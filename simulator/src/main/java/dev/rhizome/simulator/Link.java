package dev.rhizome.simulator;

/**
 * One simulated connection between two nodes. Each direction is FIFO, as TCP is: an event never
 * arrives before one sent earlier the same way. Each end stops accepting data when it closes, so a
 * message still in flight towards a closed end is lost with the connection.
 */
final class Link {

    final SimNode a;
    final SimNode b;
    private long lastArrivalAtA;
    private long lastArrivalAtB;
    private boolean openAtA = true;
    private boolean openAtB = true;
    /** Set when one end crashed silently ({@link CrashNotice#ON_SEND}); the next send reveals it. */
    boolean peerCrashed;

    Link(SimNode a, SimNode b) {
        this.a = a;
        this.b = b;
    }

    SimNode other(SimNode end) {
        return end == a ? b : a;
    }

    /** The arrival time at {@code to} of an event sent now that would take {@code latency}, kept FIFO. */
    long arrival(SimNode to, long now, long latency) {
        long at = now + latency;
        if (to == a) {
            at = Math.max(at, lastArrivalAtA);
            lastArrivalAtA = at;
        } else {
            at = Math.max(at, lastArrivalAtB);
            lastArrivalAtB = at;
        }
        return at;
    }

    boolean isOpenAt(SimNode end) {
        return end == a ? openAtA : openAtB;
    }

    void closeAt(SimNode end) {
        if (end == a) {
            openAtA = false;
        } else {
            openAtB = false;
        }
    }
}
