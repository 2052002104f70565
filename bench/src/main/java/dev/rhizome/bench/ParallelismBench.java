package dev.rhizome.bench;

import dev.rhizome.overlay.ChannelSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of large messages over an emulated WAN with 1, 4 and 16 lanes ({@code parallelism}),
 * one sender thread per lane, each sending with its own partition key (so each keeps its lane busy).
 * WAN emulation is the fault injector's {@code wan(10 ms, window)} on the sender: a 10 ms one-way egress
 * delay (20 ms RTT) and a per-connection cap of window / RTT, as TCP with that window would reach on
 * that path. The receiver counts payload bytes; throughput is bytes received in the measured interval
 * (after a warm-up in which every lane filled) over its length. speedupN = throughput(N) / throughput(1);
 * goal: at least 0.8 × N. Both nodes run in this JVM (one event loop each).
 */
final class ParallelismBench {

    private static final Duration ONE_WAY = Duration.ofMillis(10);
    private static final long WINDOW = 128 << 10;
    private static final int[] LANES = {1, 4, 16};

    private ParallelismBench() {
    }

    static int main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean json = List.of(args).contains("--json");
        long measureMillis = quick ? 4_000 : 12_000;
        String loadBefore = InProcessPair.load();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "parallelism");
        result.put("time", Instant.now().toString());
        result.put("machine", InProcessPair.machine());
        long cap = (long) (WINDOW * 1e9 / ONE_WAY.multipliedBy(2).toNanos());
        result.put("settings", "in-process, 2 nodes, wan(" + ONE_WAY.toMillis() + " ms one-way, window " + (WINDOW >> 10)
                + " KiB) on the sender = 20 ms RTT and a cap of " + cap + " B/s per connection; one sender thread per"
                + " lane with its own partition key, sendBlocking; " + measureMillis + " ms measured after a warm-up");
        for (int size : new int[] {512 << 10, 8 << 20}) {
            String label = size == 512 << 10 ? "512KiB" : "8MiB";
            Map<String, Object> bySize = new LinkedHashMap<>();
            double base = 0;
            for (int lanes : LANES) {
                // an 8 MiB message takes over a second per lane: measure longer so whole messages count less
                double bytesPerSec = run(lanes, size, size > 1 << 20 ? measureMillis * 5 / 3 : measureMillis, quick);
                bySize.put("mibPerSec" + lanes, Math.round(bytesPerSec / (1 << 20) * 100) / 100.0);
                if (lanes == 1) {
                    base = bytesPerSec;
                } else {
                    bySize.put("speedup" + lanes, Math.round(bytesPerSec / base * 100) / 100.0);
                    bySize.put("goalSpeedup" + lanes, bytesPerSec / base >= 0.8 * lanes);
                }
            }
            result.put(label, bySize);
        }
        result.put("capBytesPerSecPerConnection", cap);
        result.put("partisanReference", "13.5x at 512 KB / 20 ms RTT (Partisan paper, section 2)");
        result.put("loadBefore", loadBefore);
        result.put("loadAfter", InProcessPair.load());
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
        }
        return 0;
    }

    private static double run(int lanes, int size, long measureMillis, boolean quick) throws Exception {
        String channel = "bulk";
        AtomicLong bytes = new AtomicLong();
        try (InProcessPair pair = InProcessPair.start(List.of(ChannelSpec.parallel(channel, lanes)), Map.of(),
                (c, codec, payload) -> bytes.addAndGet(payload.length))) {
            pair.a.faults().wan(ONE_WAY, WINDOW);
            AtomicBoolean running = new AtomicBoolean(true);
            byte[] payload = new byte[size];
            List<Thread> senders = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                long key = lane;
                senders.add(Thread.ofPlatform().name("sender-" + lane).start(() -> {
                    for (int i = 0; i < 1_000_000 && running.get(); i++) {
                        try {
                            pair.a.sendBlocking(pair.bId(), channel, key, 0, payload, Duration.ofSeconds(60));
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            System.err.println("[parallelism] send failed: " + e);
                        }
                    }
                }));
            }
            // warm-up: until every lane delivered something (at least one message per lane), at most 30 s
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 10 : 30);
            while (System.nanoTime() < warmEnd && bytes.get() < (long) size * lanes) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            long startBytes = bytes.get();
            long start = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(measureMillis));
            long got = bytes.get() - startBytes;
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            pair.a.faults().clear();
            for (Thread t : senders) {
                t.join(30_000);
            }
            double rate = got / seconds;
            System.err.printf("[parallelism] %d lanes, %d KiB messages: %.2f MiB/s (%d messages in %.1f s)%n", lanes,
                    size >> 10, rate / (1 << 20), got / size, seconds);
            return rate;
        }
    }
}
