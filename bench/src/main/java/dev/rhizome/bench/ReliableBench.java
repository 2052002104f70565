package dev.rhizome.bench;

import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.channels.ChannelOptions.Delivery;
import dev.rhizome.channels.Transport;
import dev.rhizome.overlay.ChannelSpec;
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
                + " window 4096, connections reset (SO_LINGER 0) after every 1% of the messages");
        int only = List.of(args).indexOf("--only");
        for (Delivery delivery : Delivery.values()) {
            if (only < 0 || (only + 1 < args.length && List.of(args[only + 1].toUpperCase().split(",")).contains(delivery.name()))) {
                result.put(delivery.name(), run(delivery, messages));
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

    private static Map<String, Object> run(Delivery delivery, int messages) throws Exception {
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
            int resetEvery = Math.max(1, messages / 100);
            for (int i = 0; i < messages; i++) {
                byte[] payload = new byte[100];
                ByteBuffer.wrap(payload).putInt(i);
                try {
                    pair.a.sendBlocking(pair.bId(), channel, Transport.NO_KEY, 0, payload, Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    failed++;
                }
                if (i % resetEvery == resetEvery - 1) {
                    pair.a.faults().resetConnections(pair.bId());
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(delivery == Delivery.AT_MOST_ONCE ? 3 : 60);
            long last = -1;
            while (System.nanoTime() < end && received.get() < messages) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                if (delivery == Delivery.AT_MOST_ONCE && received.get() == last) {
                    break;
                }
                last = received.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("lost", messages - received.get());
            r.put("duplicated", duplicates.get());
            r.put("failedSends", failed);
            r.put("msgsPerSec", Math.round(received.get() / seconds));
            r.put("reconnects", pair.counter(channel, "reconnects"));
            r.put("retransmits", pair.aMetrics.counter("node.reliable.retransmits").getCount());
            r.put("seconds", Math.round(seconds * 10) / 10.0);
            System.err.printf("[reliable] %s: %s%n", delivery, r);
            return r;
        }
    }
}
