package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The sending process's three workloads, driven from the link's delivery thread as acks and pongs
 * arrive (the Erlang child does the same in one process):
 * <ul>
 *   <li>W1 {@link #throughput}: at most {@code window} unacknowledged 100-byte messages; each ack
 *       refills the window; at the deadline FIN asks the receiver for its exact count;</li>
 *   <li>W2 {@link #latency}: one 100-byte ping outstanding, the next sent when its pong arrives;</li>
 *   <li>W3 {@link #hol}: a ping every 10 ms (open loop) while a thread streams 8 MiB messages to the
 *       bulk receiver, at most two unacknowledged.</li>
 * </ul>
 * Every run is bounded in time and count.
 */
final class PeerDriver implements PeerLink.Handler {

    static final long MAX_MESSAGES = 2_000_000_000L;
    static final long HOL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int BULK_WINDOW = 2;
    private static final long HANDSHAKE = -1;

    private final PeerLink link;
    private final Object lock = new Object();

    private int mode; // 0 idle, 1 throughput, 2 latency, 3 hol
    private int window;
    private long sent;
    private long acked;
    private long startNanos;
    private long deadline;
    private boolean finSent;
    private CompletableFuture<Map<String, Long>> throughputDone;

    private Histogram histogram;
    private long pingSeq;
    private long pongs;
    private CompletableFuture<Histogram> latencyDone;
    private volatile CountDownLatch handshake;
    private final AtomicLong bulkAcked = new AtomicLong();
    private final AtomicLong bulkSent = new AtomicLong();

    PeerDriver(PeerLink link) {
        this.link = link;
    }

    /** Pings until the receiver answers (connections may come up lazily), at most {@code timeoutMs}. */
    boolean handshake(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CountDownLatch latch = new CountDownLatch(1);
        handshake = latch;
        while (System.nanoTime() < end) {
            link.execute(() -> {
                try {
                    link.send(Msg.PING, HANDSHAKE, 0, Msg.PAYLOAD);
                    link.flush();
                } catch (RuntimeException e) {
                    // not connected yet: retry
                }
            });
            if (latch.await(200, TimeUnit.MILLISECONDS)) {
                handshake = null;
                return true;
            }
        }
        return false;
    }

    /** W1: returns sent, received, outOfOrder, nanos. */
    Map<String, Long> throughput(long durationMs, int window) throws Exception {
        CompletableFuture<Map<String, Long>> done = new CompletableFuture<>();
        synchronized (lock) {
            mode = 1;
            this.window = window;
            sent = 0;
            acked = 0;
            finSent = false;
            throughputDone = done;
            startNanos = System.nanoTime();
            deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(durationMs);
        }
        link.execute(() -> {
            synchronized (lock) {
                fill();
            }
            link.flush();
        });
        // If acks stop (a system dropped more than a window), the deadline still ends the run: FIN
        // goes out from here, and again every 2 s until FINACK (a FIN can be dropped too).
        long waitEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs + 20_000);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(durationMs));
        boolean again = false;
        while (System.nanoTime() < waitEnd) {
            boolean resend = again;
            link.execute(() -> {
                synchronized (lock) {
                    if (mode == 1 && (!finSent || resend)) {
                        finSent = true;
                        link.send(Msg.FIN, sent, 0, Msg.SMALL);
                    }
                }
                link.flush();
            });
            again = true;
            try {
                return done.get(2_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // FIN again
            }
        }
        synchronized (lock) {
            mode = 0;
            throw new IllegalStateException("throughput run got no FINACK: sent " + sent + ", acked " + acked);
        }
    }

    /** Under {@code lock}: sends data until the window is full, or FIN at the deadline. */
    private void fill() {
        if (finSent) {
            return;
        }
        if (System.nanoTime() >= deadline || sent >= MAX_MESSAGES) {
            finSent = true;
            link.send(Msg.FIN, sent, 0, Msg.SMALL);
            return;
        }
        long limit = acked + window;
        while (sent < limit) {
            link.send(Msg.DATA, sent, 0, Msg.PAYLOAD);
            sent++;
        }
    }

    /** W2: sequential round trips for {@code durationMs}. */
    Histogram latency(long durationMs) throws Exception {
        CompletableFuture<Histogram> done = new CompletableFuture<>();
        synchronized (lock) {
            mode = 2;
            histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            latencyDone = done;
            pingSeq = 0;
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        }
        link.execute(() -> {
            link.send(Msg.PING, 0, System.nanoTime(), Msg.PAYLOAD);
            link.flush();
        });
        try {
            return done.get(durationMs + 20_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                mode = 0;
                throw new IllegalStateException("latency run did not finish after " + pingSeq + " round trips");
            }
        }
    }

    /** W3 result: ping round trips, pings without a pong, bulk messages acknowledged and the time. */
    record Hol(Histogram rtt, long pings, long lostPings, long bulkMessages, long nanos) {}

    /** W3: a ping every 10 ms for {@code durationMs} while 8 MiB messages stream to the bulk receiver. */
    Hol hol(long durationMs) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        long streamEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs + 60_000);
        Thread bulk = Thread.ofPlatform().name("peers-bulk").daemon().start(() -> {
            while (running.get() && System.nanoTime() < streamEnd) {
                if (bulkSent.get() - bulkAcked.get() < BULK_WINDOW) {
                    link.sendBulk();
                    bulkSent.incrementAndGet();
                } else {
                    LockSupport.parkNanos(200_000);
                }
            }
        });
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // let the stream fill its path
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long pings = 0;
        long bulkFrom = bulkAcked.get();
        long start = System.nanoTime();
        synchronized (lock) {
            histogram = h;
            pongs = 0;
            mode = 3;
        }
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long next = start;
        while (next < end && pings < MAX_MESSAGES) {
            long seq = pings++;
            link.execute(() -> {
                link.send(Msg.PING, seq, System.nanoTime(), Msg.PAYLOAD);
                link.flush();
            });
            next += HOL_INTERVAL_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        long nanos = System.nanoTime() - start;
        long bulkMessages = bulkAcked.get() - bulkFrom;
        running.set(false);
        long pongWait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < pongWait) {
            synchronized (lock) {
                if (pongs >= pings) {
                    break;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        long lost;
        synchronized (lock) {
            mode = 0;
            lost = pings - pongs;
        }
        bulk.join(30_000);
        // drain what the stream left in flight, so the next workload starts clean (bounded)
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < drainEnd && bulkAcked.get() < bulkSent.get()) {
            LockSupport.parkNanos(1_000_000);
        }
        return new Hol(h, pings, lost, bulkMessages, nanos);
    }

    /** Bulk messages the bulk receiver has acknowledged so far (W3 drains what it sent before returning). */
    long bulkAcknowledged() {
        return bulkAcked.get();
    }

    @Override
    public void onMessage(int type, long a, long b) {
        switch (type) {
            case Msg.ACK -> {
                synchronized (lock) {
                    if (mode != 1) {
                        return;
                    }
                    if (a > acked) {
                        acked = a;
                    }
                    fill();
                }
                link.flush();
            }
            case Msg.FINACK -> {
                CompletableFuture<Map<String, Long>> done;
                Map<String, Long> result;
                synchronized (lock) {
                    if (mode != 1 || !finSent) {
                        return;
                    }
                    mode = 0;
                    result = Map.of("sent", sent, "received", a, "outOfOrder", b, "nanos", System.nanoTime() - startNanos);
                    done = throughputDone;
                }
                done.complete(result);
            }
            case Msg.PONG -> onPong(a, b);
            case Msg.BULKACK -> bulkAcked.incrementAndGet();
            default -> { }
        }
    }

    private void onPong(long seq, long sentAt) {
        if (seq == HANDSHAKE) {
            CountDownLatch latch = handshake;
            if (latch != null) {
                latch.countDown();
            }
            return;
        }
        long now = System.nanoTime();
        CompletableFuture<Histogram> done = null;
        synchronized (lock) {
            if (mode == 3) {
                histogram.recordValue(Math.min(now - sentAt, histogram.getHighestTrackableValue()));
                pongs++;
                return;
            }
            if (mode != 2 || seq != pingSeq) {
                return;
            }
            histogram.recordValue(Math.min(now - sentAt, histogram.getHighestTrackableValue()));
            if (now < deadline && pingSeq < MAX_MESSAGES) {
                pingSeq++;
                link.send(Msg.PING, pingSeq, System.nanoTime(), Msg.PAYLOAD);
            } else {
                mode = 0;
                done = latencyDone;
            }
        }
        if (done != null) {
            done.complete(histogram);
        } else {
            link.flush();
        }
    }
}
