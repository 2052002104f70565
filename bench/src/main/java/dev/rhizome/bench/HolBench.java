package dev.rhizome.bench;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.Transport;
import dev.rhizome.channels.TransportConfig;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Head-of-line blocking: sequential 100-byte request-reply latency between two nodes while 8 MiB
 * messages stream from the requester to the same peer, under WAN emulation (a per-connection cap of
 * 100 MiB/s, no added delay, set with the transport's fault injector).
 *
 * <pre>
 *  node a ── channel rpc  (ping 100 B) ──▶ node b ── pong 100 B ──▶ a        latency, HdrHistogram
 *         ── channel bulk (8 MiB, sendBlocking) ──▶ b                          "separate": own connection
 *         ── channel rpc  (8 MiB) ──▶ b                                        "shared": behind the pings
 * </pre>
 *
 * Phases, each the same length: idle (no bulk), separate, shared, with both nodes in this JVM (one
 * event loop each); then, on plain loopback (no cap), the separate setting alternating with the
 * baseline, raw Netty over two connections, two rounds each, every side in its own JVM
 * ({@link HolChild}, as in the {@code transport} benchmark).
 * ratio = shared p99 / separate p99 (goal >= 50); separate should be within 3x of idle; on loopback
 * Rhizome's separate p99 should be at most 1.5x Netty's.
 */
final class HolBench {

    private static final String RPC = "rpc";
    private static final String BULK = "bulk";
    private static final int PING = 1;
    private static final int PONG = 2;
    private static final int BULK_CODEC = 3;
    private static final long CAP = 100L << 20;
    private static final int BULK_BYTES = 8 << 20;

    private HolBench() {
    }

    static int main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean json = List.of(args).contains("--json");
        long phaseMillis = quick ? 3_000 : 10_000;
        long warmupMillis = quick ? 2_000 : 5_000;
        String loadBefore = load();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Pair pair = Pair.start()) {
            progress("warming up for " + warmupMillis + " ms (request-reply, no bulk)");
            pair.latency(warmupMillis, null);
            pair.a.faults().bandwidthCap(CAP);
            pair.b.faults().bandwidthCap(CAP);
            Histogram idle = pair.latency(phaseMillis, null);
            progress("capped, idle:     " + describe(idle));
            Histogram separate = pair.latency(phaseMillis, BULK);
            progress("capped, separate: " + describe(separate));
            Histogram shared = pair.latency(phaseMillis, RPC);
            progress("capped, shared:   " + describe(shared));
            pair.a.faults().bandwidthCap(0);
            pair.b.faults().bandwidthCap(0);
            // plain loopback, no cap, each side of each system in its own JVM (HolChild): Rhizome's separate
            // channels against raw Netty over two connections, alternating (R N R N) so drift hits both
            Histogram loopback = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram netty = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            loopbackInProcesses(warmupMillis, phaseMillis, loopback, netty);
            double p99Idle = micros(idle.getValueAtPercentile(99));
            double p99Separate = micros(separate.getValueAtPercentile(99));
            double p99Shared = micros(shared.getValueAtPercentile(99));
            result.put("benchmark", "hol");
            result.put("time", Instant.now().toString());
            result.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.vendor")
                    + " " + System.getProperty("java.runtime.version"));
            result.put("loadBefore", loadBefore);
            result.put("loadAfter", load());
            result.put("settings", "in-process, 2 nodes, 1 event loop each, cap " + (CAP >> 20) + " MiB/s per connection, bulk "
                    + (BULK_BYTES >> 20) + " MiB messages, " + phaseMillis + " ms per phase, warm-up " + warmupMillis + " ms; loopback setting (no cap): 4 child JVMs (server and client per"
                    + " system, -Xmx512m), 2 alternating rounds per system");
            result.put("p99IdleMicros", p99Idle);
            result.put("p99SeparateMicros", p99Separate);
            result.put("p99SharedMicros", p99Shared);
            result.put("ratio", p99Shared / p99Separate);
            result.put("separateOverIdle", p99Separate / p99Idle);
            result.put("p50IdleMicros", micros(idle.getValueAtPercentile(50)));
            result.put("p50SeparateMicros", micros(separate.getValueAtPercentile(50)));
            result.put("p50SharedMicros", micros(shared.getValueAtPercentile(50)));
            double loopbackP99 = micros(loopback.getValueAtPercentile(99));
            double nettyP99 = micros(netty.getValueAtPercentile(99));
            result.put("loopbackP99SeparateMicros", loopbackP99);
            result.put("nettyTwoConnP99Micros", nettyP99);
            result.put("loopbackP50SeparateMicros", micros(loopback.getValueAtPercentile(50)));
            result.put("nettyTwoConnP50Micros", micros(netty.getValueAtPercentile(50)));
            result.put("loopbackOverNetty", Math.round(loopbackP99 / nettyP99 * 100) / 100.0);
            result.put("goalLoopbackWithin1.5xNetty", loopbackP99 <= 1.5 * nettyP99);
            result.put("goalRatio", p99Shared / p99Separate >= 50);
            result.put("goalSeparateWithin3xIdle", p99Separate <= 3 * p99Idle);
        }
        if (json) {
            System.out.println(Json.write(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
        }
        return 0;
    }

    /** The loopback setting in four child JVMs (a server and a client per system); fills the two histograms. */
    private static void loopbackInProcesses(long warmupMillis, long phaseMillis, Histogram rhizome, Histogram netty)
            throws Exception {
        Path logDir = Files.createTempDirectory("rhizome-bench-hol-");
        progress("loopback setting: 4 child JVMs, logs in " + logDir);
        try (ChildProc rhizomeServer = ChildProc.start("rhizome-server", child("server", "rhizome"), logDir);
             ChildProc nettyServer = ChildProc.start("netty-server", child("server", "netty"), logDir)) {
            String[] r = rhizomeServer.expect("READY", 60_000).trim().split("\\s+");
            String n = nettyServer.expect("READY", 60_000).trim();
            try (ChildProc rhizomeClient = ChildProc.start("rhizome-client", child("client", "rhizome", r[0], r[1]), logDir);
                 ChildProc nettyClient = ChildProc.start("netty-client", child("client", "netty", n), logDir)) {
                rhizomeClient.expect("READY", 60_000);
                nettyClient.expect("READY", 60_000);
                long timeout = Math.max(warmupMillis, phaseMillis) + 90_000;
                rhizomeClient.call("lat " + warmupMillis, timeout);
                nettyClient.call("lat " + warmupMillis, timeout);
                for (int round = 0; round < 2; round++) {
                    Histogram rh = decode(rhizomeClient.call("lat " + phaseMillis, timeout).get("hist"));
                    progress("loopback, rhizome separate channels, round " + round + ": " + describe(rh));
                    rhizome.add(rh);
                    Histogram nh = decode(nettyClient.call("lat " + phaseMillis, timeout).get("hist"));
                    progress("loopback, raw netty two connections, round " + round + ": " + describe(nh));
                    netty.add(nh);
                }
            }
        }
    }

    private static List<String> child(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx512m",
                "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=disabled", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "hol-child"));
        command.addAll(List.of(args));
        return command;
    }

    private static Histogram decode(String base64) throws java.util.zip.DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(base64)), 0);
    }

    private static String describe(Histogram h) {
        return String.format("p50 %8.1f us  p99 %9.1f us  max %9.1f us  (%d round trips)",
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)), micros(h.getMaxValue()),
                h.getTotalCount());
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    private static void progress(String line) {
        System.err.println("[hol " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Two transports, a pings b, b answers on the event loop. */
    private static final class Pair implements AutoCloseable {

        final Transport a;
        final Transport b;
        private final AtomicReference<CompletableFuture<Void>> pong = new AtomicReference<>();

        private Pair(Transport a, Transport b) {
            this.a = a;
            this.b = b;
        }

        static Pair start() {
            byte[] secret = "hol-benchmark-secret".getBytes(StandardCharsets.UTF_8);
            List<ChannelSpec> channels = List.of(ChannelSpec.of(RPC), ChannelSpec.of(BULK));
            AtomicReference<Transport> bRef = new AtomicReference<>();
            Transport b = Transport.start(TransportConfig.defaults("hol-b", "127.0.0.1", 0, 1, "hol", secret, channels),
                    new Listener((peer, codec) -> {
                        if (codec == PING) {
                            bRef.get().send(peer, RPC, Transport.NO_KEY, PONG, new byte[100]);
                        }
                    }), new MetricRegistry());
            bRef.set(b);
            Pair[] pair = new Pair[1];
            Transport a = Transport.start(TransportConfig.defaults("hol-a", "127.0.0.1", 0, 1, "hol", secret, channels),
                    new Listener((peer, codec) -> {
                        if (codec == PONG) {
                            CompletableFuture<Void> f = pair[0].pong.get();
                            if (f != null) {
                                f.complete(null);
                            }
                        }
                    }), new MetricRegistry());
            pair[0] = new Pair(a, b);
            a.connect(b.self());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end && (a.connectionCount(b.self(), RPC) < 1 || a.connectionCount(b.self(), BULK) < 1
                    || b.connectionCount(a.self(), RPC) < 1)) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return pair[0];
        }

        /** Sequential ping-pong for {@code millis}, with 8 MiB messages streaming on {@code bulkChannel} (null: none). */
        Histogram latency(long millis, String bulkChannel) throws Exception {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread bulk = null;
            NodeId to = b.self();
            if (bulkChannel != null) {
                byte[] payload = new byte[BULK_BYTES];
                bulk = Thread.ofPlatform().name("hol-bulk").start(() -> {
                    while (running.get()) {
                        try {
                            a.sendBlocking(to, bulkChannel, Transport.NO_KEY, BULK_CODEC, payload, Duration.ofSeconds(30));
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            progress("bulk send failed: " + e);
                        }
                    }
                });
                // let the stream fill its lane before measuring
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            byte[] ping = new byte[100];
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < end) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                pong.set(f);
                long start = System.nanoTime();
                a.send(to, RPC, Transport.NO_KEY, PING, ping);
                f.get(60, TimeUnit.SECONDS);
                h.recordValue(System.nanoTime() - start);
            }
            running.set(false);
            if (bulk != null) {
                bulk.join(60_000);
                // one unrecorded round trip: the rpc lane is FIFO, so what the stream left on it is gone after it
                CompletableFuture<Void> f = new CompletableFuture<>();
                pong.set(f);
                a.send(to, RPC, Transport.NO_KEY, PING, ping);
                f.get(60, TimeUnit.SECONDS);
            }
            return h;
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    /** Hands codec ids to a callback; ignores everything else. */
    private record Listener(java.util.function.BiConsumer<NodeId, Integer> onMessage) implements TransportListener {
        @Override
        public void onChannelUp(NodeId peer, String channel) {
        }

        @Override
        public void onChannelDown(NodeId peer, String channel) {
        }

        @Override
        public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
            onMessage.accept(peer, codecId);
        }

        @Override
        public void onDialFailed(InetSocketAddress address, String reason) {
        }
    }
}
