package dev.rhizome.bench;

import dev.rhizome.channels.ChannelOptions;
import dev.rhizome.channels.Transport;
import dev.rhizome.overlay.ChannelSpec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Monotonic coalescing: a grow-only counter (8 entries, 64-byte state) is updated 100,000 times
 * (10,000 with {@code --quick}) and each new state is sent toward a peer whose connection is
 * backlogged (the fault injector caps it at 256 KiB/s; sender watermarks 16/64 KiB), once on a plain
 * channel and once on a monotonic
 * one, in the same run. Bytes and messages are the sender's {@code bytes-out}/{@code messages-out}.
 */
final class MonotonicBench {

    private static final String PLAIN = "plain";
    private static final String MONO = "mono";
    private static final long CAP = 256L << 10;
    private static final int LOW_WATERMARK = 16 << 10;
    private static final int HIGH_WATERMARK = 64 << 10;

    private MonotonicBench() {
    }

    static int main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean json = List.of(args).contains("--json");
        int updates = quick ? 10_000 : 100_000;
        String loadBefore = InProcessPair.load();
        Map<String, long[]> lastReceived = new ConcurrentHashMap<>();
        Map<String, Object> result = new LinkedHashMap<>();
        try (InProcessPair pair = InProcessPair.start(List.of(ChannelSpec.of(PLAIN), ChannelSpec.of(MONO)),
                Map.of(MONO, ChannelOptions.monotonicChannel()),
                (channel, codec, payload) -> lastReceived.put(channel, decode(payload)), LOW_WATERMARK, HIGH_WATERMARK)) {
            pair.a.faults().bandwidthCap(CAP);
            long[] plainState = run(pair, PLAIN, updates);
            long[] monoState = run(pair, MONO, updates);
            long bytesPlain = pair.counter(PLAIN, "bytes-out");
            long bytesMono = pair.counter(MONO, "bytes-out");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end && !(Arrays.equals(plainState, lastReceived.get(PLAIN))
                    && Arrays.equals(monoState, lastReceived.get(MONO)))) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            result.put("benchmark", "monotonic");
            result.put("time", Instant.now().toString());
            result.put("machine", InProcessPair.machine());
            result.put("loadBefore", loadBefore);
            result.put("loadAfter", InProcessPair.load());
            result.put("settings", "in-process, 2 nodes, " + updates + " updates of a 64-byte G-counter state, cap "
                    + (CAP >> 10) + " KiB/s on the sender's connections, sender watermarks " + (LOW_WATERMARK >> 10) + "/"
                    + (HIGH_WATERMARK >> 10) + " KiB, no partition key");
            result.put("bytesPlain", bytesPlain);
            result.put("bytesMonotonic", bytesMono);
            result.put("messagesPlain", pair.messagesOut(PLAIN));
            result.put("messagesMonotonic", pair.messagesOut(MONO));
            result.put("coalesced", pair.counter(MONO, "coalesced"));
            result.put("ratio", (double) bytesPlain / Math.max(1, bytesMono));
            result.put("finalStateEqual", Arrays.equals(plainState, lastReceived.get(PLAIN))
                    && Arrays.equals(monoState, lastReceived.get(MONO)));
        }
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-20s %s%n", k, v));
        }
        return 0;
    }

    /** Sends {@code updates} states on {@code channel} and waits until the last one is written. */
    private static long[] run(InProcessPair pair, String channel, int updates) throws Exception {
        long[] state = new long[8];
        CompletableFuture<Void> last = null;
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            state[i % state.length]++;
            last = pair.a.send(pair.bId(), channel, Transport.NO_KEY, 0, encode(state)).toCompletableFuture();
        }
        last.get(120, TimeUnit.SECONDS);
        System.err.printf("[monotonic] %s: %d updates written in %d ms%n", channel, updates,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return state;
    }

    private static byte[] encode(long[] state) {
        ByteBuffer buf = ByteBuffer.allocate(state.length * 8);
        for (long v : state) {
            buf.putLong(v);
        }
        return buf.array();
    }

    private static long[] decode(byte[] payload) {
        ByteBuffer buf = ByteBuffer.wrap(payload);
        long[] state = new long[payload.length / 8];
        for (int i = 0; i < state.length; i++) {
            state[i] = buf.getLong();
        }
        return state;
    }
}
