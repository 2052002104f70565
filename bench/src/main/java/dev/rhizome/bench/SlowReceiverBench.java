package dev.rhizome.bench;

import com.codahale.metrics.Gauge;
import dev.rhizome.channels.metrics.ChannelMetrics;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.SendException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fast sender and a slow receiver: the sender's memory stays bounded by the transport's backpressure.
 * The receiver's handler takes {@value #RECEIVE_MICROS} µs per 64 KiB message (about 2 MiB/s), so its
 * event loop stops reading, TCP's window closes, and the sender's lane backs up. Two modes, one after
 * the other, each for the same time:
 * <ul>
 *   <li>{@code sendBlocking}: waits while the lane is above its high watermark;</li>
 *   <li>{@code send}: never waits; fails with {@code BACKPRESSURE} once {@code max-queued-bytes} are pending.</li>
 * </ul>
 * The benchmark runs itself in a child JVM with {@code -Xmx}{@value #HEAP_MB}m: the sender offers far
 * more than that heap (the {@code offeredBytes} field), so an unbounded queue would fail with
 * OutOfMemoryError. Reported: the heap's peak (sum of the heap pools' peak usage, reset per mode), the
 * largest sampled sender queue depth, and the limits it is held to.
 */
final class SlowReceiverBench {

    private static final int MESSAGE = 64 << 10;
    private static final long RECEIVE_MICROS = 30_000;
    private static final int HEAP_MB = 128;
    private static final int HIGH = 1 << 20;
    private static final int MAX_QUEUED = 16 << 20;

    private SlowReceiverBench() {
    }

    static int main(String[] args) throws Exception {
        if (!List.of(args).contains("--child")) {
            return inChild(args);
        }
        boolean quick = List.of(args).contains("--quick");
        boolean json = List.of(args).contains("--json");
        long millis = quick ? 5_000 : 15_000;
        String loadBefore = InProcessPair.load();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "slow-receiver");
        result.put("time", Instant.now().toString());
        result.put("machine", InProcessPair.machine());
        result.put("settings", "in-process pair in a JVM with -Xmx" + HEAP_MB + "m; 64 KiB messages; receiver "
                + RECEIVE_MICROS + " us per message; sender watermarks 256 KiB / 1 MiB, max-queued-bytes 16 MiB; "
                + millis + " ms per mode");
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("sendBlocking", run(true, millis));
        result.put("send", run(false, millis));
        result.put("loadBefore", loadBefore);
        result.put("loadAfter", InProcessPair.load());
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-16s %s%n", k, v));
        }
        return 0;
    }

    /** Runs this benchmark again in a child JVM with a small heap; its output is this run's output. */
    private static int inChild(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m",
                "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "slow-receiver", "--child"));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            return 1;
        }
        return child.exitValue();
    }

    private static Map<String, Object> run(boolean blocking, long millis) throws Exception {
        String channel = "slow";
        AtomicLong received = new AtomicLong();
        try (InProcessPair pair = InProcessPair.start(List.of(ChannelSpec.of(channel)), Map.of(), (c, codec, payload) -> {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(RECEIVE_MICROS));
            received.addAndGet(payload.length);
        }, 256 << 10, HIGH, MAX_QUEUED)) {
            @SuppressWarnings("unchecked")
            Gauge<Long> depth = (Gauge<Long>) pair.aMetrics.getGauges()
                    .get("channel." + channel + ".peer.bench-b." + ChannelMetrics.QUEUE_DEPTH);
            System.gc();
            long heapBefore = heapUsed();
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long offered = 0;
            long refused = 0;
            long maxDepth = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (long i = 0; i < 100_000_000L && System.nanoTime() < end; i++) {
                byte[] payload = new byte[MESSAGE];
                offered += MESSAGE;
                if (blocking) {
                    try {
                        pair.a.sendBlocking(pair.bId(), channel, dev.rhizome.channels.Transport.NO_KEY, 0, payload,
                                Duration.ofMillis(200));
                    } catch (SendException e) {
                        refused++;
                    }
                } else {
                    pair.a.send(pair.bId(), channel, dev.rhizome.channels.Transport.NO_KEY, 0, payload);
                }
                if ((i & 15) == 0) {
                    maxDepth = Math.max(maxDepth, depth.getValue());
                }
            }
            long peakHeap = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            // what the sender still holds while its lane is backed up: live data, garbage collected
            System.gc();
            long liveHeap = heapUsed();
            long depthAtEnd = depth.getValue();
            long failed = pair.counter(channel, "failed-sends");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("offeredBytes", offered);
            r.put("deliveredBytes", received.get());
            r.put("refusedSends", blocking ? refused : failed);
            r.put("maxSenderQueueBytes", maxDepth);
            r.put("maxQueuedBytesLimit", MAX_QUEUED);
            r.put("heapBeforeBytes", heapBefore);
            r.put("peakHeapBytes", peakHeap);
            r.put("peakHeapMiB", Math.round(peakHeap / 1048576.0 * 10) / 10.0);
            r.put("liveHeapAfterGcBytes", liveHeap);
            r.put("senderQueueBytesAtEnd", depthAtEnd);
            System.err.printf("[slow-receiver] %s: %s%n", blocking ? "sendBlocking" : "send", r);
            return r;
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
