package dev.rhizome.bench;

import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.overlay.DeliveryGuarantee;
import dev.rhizome.channels.Transport;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.SendException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery guarantees under connection resets: 1,000,000 numbered 100-byte messages (100,000 with
 * {@code --quick}) per guarantee, one channel each, while the fault injector resets the sender's
 * connections (RST) after every 1% of the messages. The receiver counts distinct and duplicate sequence
 * numbers: lost = sent - distinct received.
 */
final class ReliableBench {

    private ReliableBench() {
    }

    static int main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean json = List.of(args).contains("--json");
        int messages = quick ? 100_000 : 1_000_000;
        String loadBefore = InProcessPair.load();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "reliable");
        result.put("time", Instant.now().toString());
        result.put("machine", InProcessPair.machine());
        result.put("settings", "in-process, 2 nodes, " + messages + " messages of 100 bytes per guarantee, sendBlocking,"
                + " window 4096, connections reset (SO_LINGER 0) after every 1% of the messages; then the same count with no"
                + " faults (noFault*), after a discarded warm-up; NOT_CONNECTED sends are retried once the lane is back");
        int only = List.of(args).indexOf("--only");
        Map<DeliveryGuarantee, Map<String, Object>> runs = new LinkedHashMap<>();
        // the no-fault comparison is short per message: warm the send and receive paths up first (discarded)
        run(DeliveryGuarantee.AT_MOST_ONCE, messages / 5, false);
        run(DeliveryGuarantee.EFFECTIVELY_ONCE, messages / 5, false);
        for (DeliveryGuarantee delivery : DeliveryGuarantee.values()) {
            if (only < 0 || (only + 1 < args.length && List.of(args[only + 1].toUpperCase().split(",")).contains(delivery.name()))) {
                Map<String, Object> r = run(delivery, messages, true);
                r.put("noFaultMsgsPerSec", run(delivery, messages, false).get("msgsPerSec"));
                runs.put(delivery, r);
                result.put(delivery.name(), r);
            }
        }
        Map<String, Object> amo = runs.get(DeliveryGuarantee.AT_MOST_ONCE);
        if (amo != null) {
            for (Map.Entry<DeliveryGuarantee, Map<String, Object>> e : runs.entrySet()) {
                // cost = how many times slower than at-most-once in the same run (1.0 = free)
                e.getValue().put("costVsAtMostOnce", ratio(amo.get("msgsPerSec"), e.getValue().get("msgsPerSec")));
                e.getValue().put("noFaultCostVsAtMostOnce", ratio(amo.get("noFaultMsgsPerSec"),
                        e.getValue().get("noFaultMsgsPerSec")));
            }
        }
        result.put("loadBefore", loadBefore);
        result.put("loadAfter", InProcessPair.load());
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-16s %s%n", k, v));
        }
        return 0;
    }

    private static double ratio(Object numerator, Object denominator) {
        return Math.round(((Number) numerator).doubleValue() / ((Number) denominator).doubleValue() * 100) / 100.0;
    }

    /**
     * One guarantee: {@code messages} sends, the connections reset after every 1% of them if {@code resets}.
     * A send refused with {@code NOT_CONNECTED} (at-most-once while the lane reconnects) is retried once
     * the lane is back, as an application would, so every guarantee offers every message to the network.
     */
    private static Map<String, Object> run(DeliveryGuarantee delivery, int messages, boolean resets) throws Exception {
        String channel = delivery.name().toLowerCase().replace('_', '-');
        BitSet seen = new BitSet(messages);
        AtomicLong duplicates = new AtomicLong();
        AtomicLong received = new AtomicLong();
        try (InProcessPair pair = InProcessPair.start(List.of(ChannelSpec.of(channel)),
                Map.of(channel, ChannelOptions.DEFAULT.withDelivery(delivery, 4096)), (c, codec, payload) -> {
                    int seq = ByteBuffer.wrap(payload).getInt();
                    synchronized (seen) {
                        if (seen.get(seq)) {
                            duplicates.incrementAndGet();
                        } else {
                            seen.set(seq);
                            received.incrementAndGet();
                        }
                    }
                })) {
            long start = System.nanoTime();
            long failed = 0;
            long notConnectedRetries = 0;
            StallWatch stalls = new StallWatch(received);
            int resetEvery = Math.max(1, messages / 100);
            for (int i = 0; i < messages; i++) {
                byte[] payload = new byte[100];
                ByteBuffer.wrap(payload).putInt(i);
                for (int attempt = 0; attempt < 10_000; attempt++) {
                    try {
                        pair.a.sendBlocking(pair.bId(), channel, Transport.NO_KEY, 0, payload, Duration.ofSeconds(30));
                        break;
                    } catch (SendException e) {
                        if (e.reason() != SendException.Reason.NOT_CONNECTED) {
                            failed++;
                            break;
                        }
                        notConnectedRetries++;
                        awaitLane(pair, channel);
                    }
                }
                if (resets && i % resetEvery == resetEvery - 1) {
                    pair.a.faults().resetConnections(pair.bId());
                }
                stalls.check();
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(delivery == DeliveryGuarantee.AT_MOST_ONCE ? 3 : 60);
            long last = -1;
            while (System.nanoTime() < end && received.get() < messages) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                stalls.check();
                if (delivery == DeliveryGuarantee.AT_MOST_ONCE && received.get() == last) {
                    break;
                }
                last = received.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("lost", messages - received.get());
            r.put("duplicated", duplicates.get());
            // every visible failure (thrown, or a failed future) is in failed-sends, the retried NOT_CONNECTED too
            r.put("failedSends", pair.counter(channel, "failed-sends") - notConnectedRetries);
            r.put("notConnectedRetries", notConnectedRetries);
            r.put("maxStallMillis", stalls.maxMillis);
            r.put("msgsPerSec", Math.round(received.get() / seconds));
            r.put("reconnects", pair.counter(channel, "reconnects"));
            r.put("retransmits", pair.aMetrics.counter("node.reliable.retransmits").getCount());
            r.put("seconds", Math.round(seconds * 10) / 10.0);
            System.err.printf("[reliable] %s%s: %s%n", delivery, resets ? "" : " (no faults)", r);
            return r;
        }
    }

    private static void awaitLane(InProcessPair pair, String channel) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pair.a.connectionCount(pair.bId(), channel) == 0 && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The longest time without a new delivery: a stalled window shows here. */
    private static final class StallWatch {
        private final AtomicLong received;
        private long lastCount = -1;
        private long lastChange = System.nanoTime();
        long maxMillis;

        StallWatch(AtomicLong received) {
            this.received = received;
        }

        void check() {
            long now = System.nanoTime();
            long count = received.get();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            } else {
                long stalled = TimeUnit.NANOSECONDS.toMillis(now - lastChange);
                if (stalled > maxMillis) {
                    maxMillis = stalled;
                }
            }
        }
    }
}
