package dev.rhizome.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The sending side of both workloads, driven from the I/O thread as acks and pongs arrive:
 * <ul>
 *   <li>throughput: keep at most {@code window} unacknowledged data messages in flight; every ack
 *       refills the window (one flush per refill); at the deadline send FIN and wait for the exact
 *       count received;</li>
 *   <li>latency: one ping outstanding; each pong records its round trip and sends the next ping.</li>
 * </ul>
 * Every run is bounded in time (deadline) and count ({@link #MAX_MESSAGES}).
 */
final class ClientDriver implements Endpoint.Handler {

    static final long MAX_MESSAGES = 2_000_000_000L;
    private static final long HANDSHAKE = -1;

    record Throughput(long sent, long received, long outOfOrder, long nanos) {
        double msgsPerSec() {
            return received * 1e9 / nanos;
        }
    }

    private final Endpoint endpoint;
    private final Object lock = new Object();
    private final int window;

    private int mode; // 0 idle, 1 throughput (I/O-thread driven), 2 latency, 3 throughput (application-thread sender)
    private volatile long appAcked;
    private volatile Thread appSender;
    private long sent;
    private long acked;
    private long startNanos;
    private long deadline;
    private boolean finSent;
    private CompletableFuture<Throughput> throughputDone;

    private Histogram histogram;
    private long pingSeq;
    private CompletableFuture<Histogram> latencyDone;
    private volatile CountDownLatch handshake;

    ClientDriver(Endpoint endpoint, int window) {
        this.endpoint = endpoint;
        this.window = window;
    }

    /** Pings until the server answers (connections may come up lazily), at most {@code timeoutMs}. */
    boolean handshake(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CountDownLatch latch = new CountDownLatch(1);
        handshake = latch;
        while (System.nanoTime() < end) {
            endpoint.execute(() -> {
                try {
                    endpoint.send(Msg.PING, HANDSHAKE, 0, Msg.PAYLOAD);
                    endpoint.flush();
                } catch (RuntimeException e) {
                    // not connected yet: retry
                }
            });
            if (latch.await(100, TimeUnit.MILLISECONDS)) {
                handshake = null;
                return true;
            }
        }
        return false;
    }

    Throughput throughput(long durationMs) throws Exception {
        CompletableFuture<Throughput> done = new CompletableFuture<>();
        synchronized (lock) {
            mode = 1;
            sent = 0;
            acked = 0;
            finSent = false;
            throughputDone = done;
            startNanos = System.nanoTime();
            deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(durationMs);
        }
        endpoint.execute(() -> {
            synchronized (lock) {
                fill();
            }
            endpoint.flush();
        });
        try {
            return done.get(durationMs + 20_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                mode = 0;
                throw new IllegalStateException("throughput run did not finish: sent " + sent + ", acked " + acked
                        + ", fin sent " + finSent + "; " + endpoint.describe());
            }
        }
    }

    /**
     * The throughput workload with the sends made by the calling (application) thread instead of the
     * I/O thread: it sends while fewer than {@code window} messages are unacknowledged and parks
     * otherwise; acks (on the I/O thread) advance the window and unpark it.
     */
    Throughput throughputFromAppThread(long durationMs) throws Exception {
        CompletableFuture<Throughput> done = new CompletableFuture<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        synchronized (lock) {
            mode = 3;
            sent = 0;
            acked = 0;
            appAcked = 0;
            finSent = false;
            throughputDone = done;
            startNanos = start;
            deadline = end;
            appSender = Thread.currentThread();
        }
        long count = 0;
        long spins = 0;
        while (count < MAX_MESSAGES) {
            long free = window - (count - appAcked);
            if (free > 0) {
                for (long i = 0; i < free; i++) {
                    endpoint.send(Msg.DATA, count++, 0, Msg.PAYLOAD);
                }
                endpoint.flush();
                if (System.nanoTime() >= end) {
                    break;
                }
            } else if (System.nanoTime() >= end) {
                break;
            } else if (++spins % 64 == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, 200_000);
            } else {
                Thread.onSpinWait();
            }
        }
        synchronized (lock) {
            sent = count;
            finSent = true;
        }
        endpoint.send(Msg.FIN, count, 0, Msg.SMALL);
        endpoint.flush();
        try {
            return done.get(20_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                mode = 0;
                throw new IllegalStateException("application-thread throughput run did not finish: sent " + count
                        + ", acked " + appAcked + "; " + endpoint.describe());
            }
        } finally {
            appSender = null;
        }
    }

    Histogram latency(long durationMs) throws Exception {
        CompletableFuture<Histogram> done = new CompletableFuture<>();
        synchronized (lock) {
            mode = 2;
            histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            latencyDone = done;
            pingSeq = 0;
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        }
        endpoint.execute(() -> {
            endpoint.send(Msg.PING, 0, System.nanoTime(), Msg.PAYLOAD);
            endpoint.flush();
        });
        try {
            return done.get(durationMs + 20_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                mode = 0;
                throw new IllegalStateException("latency run did not finish after " + pingSeq + " round trips; "
                        + endpoint.describe());
            }
        }
    }

    /** Under {@code lock}: sends data until the window is full, or FIN at the deadline. */
    private void fill() {
        if (finSent) {
            return;
        }
        if (System.nanoTime() >= deadline || sent >= MAX_MESSAGES) {
            finSent = true;
            endpoint.send(Msg.FIN, sent, 0, Msg.SMALL);
            return;
        }
        long limit = acked + window;
        while (sent < limit) {
            endpoint.send(Msg.DATA, sent, 0, Msg.PAYLOAD);
            sent++;
        }
    }

    @Override
    public void onMessage(int type, long a, long b) {
        switch (type) {
            case Msg.ACK -> {
                if (appSender != null) {
                    if (a > appAcked) {
                        appAcked = a;
                    }
                    java.util.concurrent.locks.LockSupport.unpark(appSender);
                    return;
                }
                synchronized (lock) {
                    if (mode != 1) {
                        return;
                    }
                    if (a > acked) {
                        acked = a;
                    }
                    fill();
                }
                endpoint.flush();
            }
            case Msg.FINACK -> {
                CompletableFuture<Throughput> done;
                Throughput result;
                synchronized (lock) {
                    if ((mode != 1 && mode != 3) || !finSent) {
                        return;
                    }
                    mode = 0;
                    result = new Throughput(sent, a, b, System.nanoTime() - startNanos);
                    done = throughputDone;
                }
                done.complete(result);
            }
            case Msg.PONG -> {
                if (a == HANDSHAKE) {
                    CountDownLatch latch = handshake;
                    if (latch != null) {
                        latch.countDown();
                    }
                    return;
                }
                long now = System.nanoTime();
                CompletableFuture<Histogram> done = null;
                synchronized (lock) {
                    if (mode != 2 || a != pingSeq) {
                        return;
                    }
                    histogram.recordValue(Math.min(now - b, histogram.getHighestTrackableValue()));
                    if (now < deadline && pingSeq < MAX_MESSAGES) {
                        pingSeq++;
                        endpoint.send(Msg.PING, pingSeq, System.nanoTime(), Msg.PAYLOAD);
                    } else {
                        mode = 0;
                        done = latencyDone;
                    }
                }
                if (done != null) {
                    done.complete(histogram);
                } else {
                    endpoint.flush();
                }
            }
            default -> { }
        }
    }
}
