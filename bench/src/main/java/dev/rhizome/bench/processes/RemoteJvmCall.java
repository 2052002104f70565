package dev.rhizome.bench.processes;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.server.GenServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The remote call between two JVMs: this JVM is node a, a child JVM ({@code --echo-child}) is node b
 * with a thread gen_server, a reactor gen_server and a raw channel echo, all echoing a 100-byte
 * {@code byte[]}. One request outstanding, the three kinds interleaved request by request, as in the
 * in-JVM measurement. Fields {@code jvmRemoteCallP50Micros} (reactor server),
 * {@code jvmThreadServerCallP50Micros} and {@code jvmChannelP50Micros}.
 */
final class RemoteJvmCall {

    private static final String CHANNEL = "bench.rr";
    private static final String COOKIE = "bench-processes-jvm";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RemoteJvmCall() {}

    private static OverlayConfig config(String name, String seed) {
        var builder = ProcessNode.configure(OverlayConfig.builder(name)).host("127.0.0.1").port(0).cookie(COOKIE)
                .channel(ChannelSpec.of(CHANNEL));
        if (seed != null) {
            builder.seeds(seed);
        }
        return builder.build();
    }

    /** In the child JVM: node b; prints {@code READY <thread server id> <reactor server id>}, runs until stdin closes. */
    static void child(String seed) throws Exception {
        Overlay b = Rhizome.start(config("bench-jvm-b", seed));
        ProcessNode pb = ProcessNode.attach(b);
        b.onReceive(CHANNEL, d -> b.send(d.from(), CHANNEL, d.bytes()));
        Pid<byte[]> thread = GenServer.start(pb, byte[].class, new ProcessesBench.Echo());
        Pid<byte[]> reactor = GenServer.startReactor(pb, byte[].class, new ProcessesBench.Echo());
        System.out.println("READY " + thread.id() + " " + reactor.id());
        System.out.flush();
        while (System.in.read() >= 0) {
            // only the end of input matters
        }
        pb.close();
        b.shutdown(Duration.ofMillis(200));
    }

    /** In the bench JVM: starts the child, measures, and adds the fields to {@code out}. */
    static void measure(ProcessesBench.Options o, Map<String, Object> out) throws Exception {
        Overlay a = Rhizome.start(config("bench-jvm-a", null));
        ProcessNode pa = ProcessNode.attach(a);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ProcessesBench.class.getName(), "--echo-child", a.self().hostPort()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        if (line.startsWith("READY ")) {
                            ready.complete(line);
                        }
                    }
                    ready.completeExceptionally(new IllegalStateException("the echo child ended before READY"));
                } catch (Exception e) {
                    ready.completeExceptionally(e);
                }
            });
            String[] ids = ready.get(60, TimeUnit.SECONDS).split(" ");
            NodeId b = awaitMember(a, "bench-jvm-b");
            Pid<byte[]> thread = Pid.of(b, Long.parseLong(ids[1]));
            Pid<byte[]> reactor = Pid.of(b, Long.parseLong(ids[2]));
            AtomicReference<CompletableFuture<byte[]>> pending = new AtomicReference<>();
            a.onReceive(CHANNEL, d -> {
                CompletableFuture<byte[]> f = pending.get();
                if (f != null) {
                    f.complete(d.bytes());
                }
            });
            byte[] payload = new byte[100];
            Arrays.fill(payload, (byte) 7);
            Map<String, Attempt> modes = new LinkedHashMap<>();
            modes.put("reactor", () -> pa.call(reactor, payload, TIMEOUT));
            modes.put("thread", () -> pa.call(thread, payload, TIMEOUT));
            modes.put("channel", () -> {
                CompletableFuture<byte[]> f = new CompletableFuture<>();
                pending.set(f);
                a.send(b, CHANNEL, payload);
                f.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            });
            for (Attempt first : modes.values()) {
                retry(first);
            }
            int warm = o.quick ? Math.min(o.warmupCalls, 10_000) : o.warmupCalls;
            int calls = o.quick ? Math.min(o.calls, 5_000) : o.calls;
            List<String> names = List.copyOf(modes.keySet());
            for (int i = 0; i < warm; i++) {
                for (Attempt attempt : modes.values()) {
                    attempt.run();
                }
            }
            Map<String, Histogram> all = new LinkedHashMap<>();
            names.forEach(n -> all.put(n, new Histogram(3)));
            for (int r = 0; r < o.rounds; r++) {
                for (int i = 0; i < calls; i++) {
                    for (int k = 0; k < names.size(); k++) {
                        String mode = names.get((i + k) % names.size());
                        long t = System.nanoTime();
                        modes.get(mode).run();
                        all.get(mode).recordValue(System.nanoTime() - t);
                    }
                }
            }
            double reactorP50 = all.get("reactor").getValueAtPercentile(50) / 1000.0;
            double threadP50 = all.get("thread").getValueAtPercentile(50) / 1000.0;
            double channelP50 = all.get("channel").getValueAtPercentile(50) / 1000.0;
            out.put("jvmSetup", "node b in a child JVM on 127.0.0.1, same echo and interleaving as above");
            out.put("jvmRemoteCallP50Micros", reactorP50);
            out.put("jvmRemoteCallP99Micros", all.get("reactor").getValueAtPercentile(99) / 1000.0);
            out.put("jvmThreadServerCallP50Micros", threadP50);
            out.put("jvmThreadServerCallP99Micros", all.get("thread").getValueAtPercentile(99) / 1000.0);
            out.put("jvmChannelP50Micros", channelP50);
            out.put("jvmChannelP99Micros", all.get("channel").getValueAtPercentile(99) / 1000.0);
            out.put("jvmRemoteCallOverhead", reactorP50 / channelP50 - 1);
            out.put("jvmThreadServerCallOverhead", threadP50 / channelP50 - 1);
        } finally {
            child.getOutputStream().close(); // the child ends with its stdin
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            pa.close();
            a.shutdown(Duration.ofMillis(200));
        }
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void retry(Attempt attempt) throws Exception {
        Exception last = null;
        for (int i = 0; i < 30; i++) {
            try {
                attempt.run();
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw last;
    }

    private static NodeId awaitMember(Overlay overlay, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (overlay.member(name).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new java.util.concurrent.TimeoutException(name + " did not join within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        return overlay.member(name).get();
    }
}
