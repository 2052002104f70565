package dev.rhizome.bench.processes;

import dev.rhizome.bench.Json;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.server.Next;
import dev.rhizome.process.server.ServerBehaviour;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code rhizome bench processes [--quick] [--json] [options]}.
 *
 * <ol>
 *   <li><b>Idle footprint and spawn rate</b> — a child JVM with a fixed heap ({@code -Xmx2g} by
 *       default) warms up, then spawns {@code --idle} processes (1,000,000 by default) that block in
 *       {@code receive()}, waits until all run, and reports heap used after GC divided by their
 *       number ({@code bytesPerIdleProcess}) and the spawn rate ({@code spawnsPerSec}, spawn calls
 *       until every process has started). A fixed heap proves the goal directly: the child fails if
 *       they do not fit.</li>
 *   <li><b>Local ping-pong</b> — two processes on one node bounce one message; both directions count
 *       ({@code localPingPongPerSec}, median of the rounds). Beside it, in alternating rounds, two
 *       Apache Pekko typed actors do the same ({@code pekkoPingPongPerSec}, see {@link PekkoPingPong}).</li>
 *   <li><b>Remote call against raw channel request-reply</b> — two full-mesh nodes in this JVM on
 *       127.0.0.1. A gen_server on node b echoes a 100-byte {@code byte[]}; the bench thread calls
 *       it from node a ({@code remoteCallP50Micros}). In alternating rounds of the same run, the
 *       same payload goes a→b→a on a plain channel whose handler on b sends it straight back
 *       ({@code channelP50Micros}). A third variant hands each request on b through a queue to one
 *       long-lived virtual thread that sends the echo ({@code channelVirtualThreadP50Micros}): the
 *       floor for any server that runs on a virtual thread, since it adds the two thread hand-offs
 *       (event loop to virtual thread, virtual thread back to the event loop) a process cannot avoid. One request
 *       outstanding at a time, all from the same platform thread, the three interleaved request by
 *       request so that they share the machine's load.</li>
 * </ol>
 *
 * <p>Wired into {@code BenchMain} as {@code case "processes" -> System.exit(ProcessesBench.run(rest));}.
 */
public final class ProcessesBench {

    private static final String RR_CHANNEL = "bench.rr";
    private static final String RV_CHANNEL = "bench.rv";
    private static final String REACTOR_CALL = "reactor-call";
    private static final String COOKIE = "bench-processes";
    private static final int PAYLOAD_BYTES = 100;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private ProcessesBench() {}

    /** Options, with their defaults. */
    static final class Options {
        boolean json;
        boolean quick;
        int idle = 1_000_000;
        String idleHeap = "2g";
        int pingPongSec = 3;
        int rounds = 3;
        int calls = 20_000;
        int warmupCalls = 20_000;
        String childJvmArgs = "";
        boolean skipIdle;
        boolean skipPekko;
        boolean skipJvm;
    }

    /** A process-less JVM entry, so the idle phase can run in a child JVM with its own heap. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--idle-child")) {
            idleChild(Integer.parseInt(args[1]));
            System.exit(0);
        }
        if (args.length == 2 && args[0].equals("--echo-child")) {
            RemoteJvmCall.child(args[1]);
            System.exit(0);
        }
        System.exit(run(args));
    }

    /** Runs the benchmark; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            return 2;
        }
        if (o == null) {
            System.out.println(usage());
            return 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "processes");
        out.put("machine", machine());
        out.put("loadBefore", loadAverage());
        log(o, "machine: " + out.get("machine") + ", load " + out.get("loadBefore"));

        if (!o.skipIdle) {
            log(o, "idle footprint: " + o.idle + " idle processes in a child JVM with -Xmx" + o.idleHeap + " ...");
            Map<String, String> idle = runIdleChild(o);
            if (idle == null) {
                out.put("idleFits", false);
                log(o, "the idle child failed (see its output above)");
            } else {
                long n = Long.parseLong(idle.get("n"));
                long used = Long.parseLong(idle.get("heapUsedBytes"));
                out.put("idleProcesses", n);
                out.put("idleHeapMax", "-Xmx" + o.idleHeap);
                out.put("idleHeapUsedBytes", used);
                out.put("bytesPerIdleProcess", Double.parseDouble(idle.get("bytesPerProcess")));
                out.put("spawnsPerSec", Double.parseDouble(idle.get("spawnsPerSec")));
                out.put("idleFits", true);
                out.put("millionIdleProjectedBytes", Math.round(Double.parseDouble(idle.get("bytesPerProcess")) * 1_000_000));
                log(o, String.format("  %d idle processes, heap used %.1f MiB, %.0f B/process, %.0f spawns/s",
                        n, used / 1048576.0, Double.parseDouble(idle.get("bytesPerProcess")),
                        Double.parseDouble(idle.get("spawnsPerSec"))));
            }
        }

        log(o, "local ping-pong: " + o.rounds + " rounds of " + o.pingPongSec + " s ...");
        PingPong pp = localPingPong(o);
        out.put("localPingPongPerSec", median(pp.reactor()));
        out.put("localPingPongKind", "reactors (processes without a thread, one callback per message, like actors)");
        out.put("localPingPongRounds", pp.reactor());
        out.put("threadPingPongPerSec", median(pp.thread()));
        out.put("threadPingPongRounds", pp.thread());
        log(o, "  Rhizome reactors msgs/s per round " + pp.reactor());
        log(o, "  Rhizome threads  msgs/s per round " + pp.thread());
        if (pp.pekko() != null) {
            out.put("pekkoPingPongPerSec", median(pp.pekko()));
            out.put("pekkoPingPongRounds", pp.pekko());
            out.put("pingPongRatio", median(pp.reactor()) / median(pp.pekko()));
            out.put("threadPingPongRatio", median(pp.thread()) / median(pp.pekko()));
            log(o, "  Pekko            msgs/s per round " + pp.pekko());
        }

        log(o, "remote call vs channel request-reply: two nodes in this JVM on 127.0.0.1 ...");
        remote(o, out);
        if (!o.skipJvm) {
            log(o, "remote call vs channel request-reply between two JVMs on 127.0.0.1 ...");
            RemoteJvmCall.measure(o, out);
            log(o, String.format("  call p50 %.1f µs (reactor server), %.1f µs (thread server), channel p50 %.1f µs",
                    (Double) out.get("jvmRemoteCallP50Micros"), (Double) out.get("jvmThreadServerCallP50Micros"),
                    (Double) out.get("jvmChannelP50Micros")));
        }
        out.put("loadAfter", loadAverage());

        String json = Json.write(out);
        if (o.json) {
            System.out.println(json);
        } else {
            System.out.println();
            for (var e : out.entrySet()) {
                System.out.printf("%-28s %s%n", e.getKey(), e.getValue());
            }
        }
        return 0;
    }

    // ---- idle footprint ------------------------------------------------------------------------

    private static Map<String, String> runIdleChild(Options o) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + o.idleHeap);
        cmd.add("-Xms" + o.idleHeap);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (!o.childJvmArgs.isBlank()) {
            cmd.addAll(Arrays.asList(o.childJvmArgs.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProcessesBench.class.getName());
        cmd.add("--idle-child");
        cmd.add(Integer.toString(o.idle));
        log(o, "  " + String.join(" ", cmd.stream().map(s -> s.length() > 80 ? "<classpath>" : s).toList()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = new LinkedHashMap<>();
                    for (String kv : line.substring(7).split(" ")) {
                        int eq = kv.indexOf('=');
                        result.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                } else {
                    System.err.println("  [idle child] " + line);
                }
            }
        }
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            return null;
        }
        return child.exitValue() == 0 ? result : null;
    }

    /** In the child JVM: spawn {@code n} idle processes and print one {@code RESULT} line. */
    static void idleChild(int n) throws Exception {
        ProcessNode node = ProcessNode.local("idle");
        // warm-up: the frames a parked process keeps are smaller once its code is compiled
        for (int round = 0; round < 3; round++) {
            LongAdder started = new LongAdder();
            LongAdder ended = new LongAdder();
            ProcessBody<Object> body = self -> {
                started.increment();
                try {
                    self.receive();
                } finally {
                    ended.increment();
                }
            };
            int w = Math.min(20_000, n);
            List<Pid<Object>> pids = new ArrayList<>(w);
            for (int i = 0; i < w; i++) {
                pids.add(node.spawn(body));
            }
            awaitCount(started, w, Duration.ofMinutes(1));
            for (Pid<Object> pid : pids) {
                node.exit(pid, ExitReason.KILL);
            }
            awaitCount(ended, w, Duration.ofMinutes(1));
        }
        long before = usedAfterGc();
        LongAdder started = new LongAdder();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            node.spawn(self -> {
                started.increment();
                self.receive();
            });
        }
        awaitCount(started, n, Duration.ofMinutes(5));
        long t1 = System.nanoTime();
        long after = usedAfterGc();
        System.out.printf("RESULT n=%d heapUsedBytes=%d heapBeforeBytes=%d bytesPerProcess=%.1f spawnsPerSec=%.0f gc=%s%n",
                n, after, before, (after - before) / (double) n, n / ((t1 - t0) / 1e9),
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName().replace(' ', '_'));
    }

    private static void awaitCount(LongAdder counter, long target, Duration atMost) throws TimeoutException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (counter.sum() < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("only " + counter.sum() + " of " + target + " within " + atMost);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---- local ping-pong -----------------------------------------------------------------------

    /** The ball; one instance bounces for the whole round, as in the Pekko variant. */
    record Ball(Pid<Object> from) {}

    /** Starts a reactor ping-pong round of {@code nanos}; the pinger completes {@code result}. */
    record Start(long nanos, CompletableFuture<Double> result) {}

    /** Rhizome's rounds (reactors and thread processes) and Pekko's, alternating; null for Pekko when it is skipped. */
    record PingPong(List<Double> reactor, List<Double> thread, List<Double> pekko) {}

    private static PingPong localPingPong(Options o) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> reactorRates = new ArrayList<>();
        List<Double> pekkoRates = o.skipPekko ? null : new ArrayList<>();
        Duration warm = Duration.ofSeconds(o.quick ? 1 : 3);
        Duration length = Duration.ofSeconds(o.pingPongSec);
        try (ProcessNode node = ProcessNode.local("pingpong");
                PekkoPingPong pekko = o.skipPekko ? null : new PekkoPingPong()) {
            Pid<Object> ponger = node.spawn(self -> {
                while (true) {
                    Ball ball = (Ball) self.receive();
                    self.send(ball.from(), ball);
                }
            });
            Pid<Object> reactorPinger = reactorPingPong(node);
            // warm-up rounds, not reported
            pingPongRound(node, ponger, warm);
            reactorRound(node, reactorPinger, warm);
            if (pekko != null) {
                pekko.round(warm);
            }
            for (int r = 0; r < o.rounds; r++) {
                // alternate which goes first, so neither always follows the other
                if (pekko != null && r % 2 == 1) {
                    pekkoRates.add(pekko.round(length));
                }
                reactorRates.add(reactorRound(node, reactorPinger, length));
                rates.add(pingPongRound(node, ponger, length));
                if (pekko != null && r % 2 == 0) {
                    pekkoRates.add(pekko.round(length));
                }
            }
        }
        return new PingPong(reactorRates, rates, pekkoRates);
    }

    /**
     * Two reactors bouncing one ball, exactly as the Pekko pair does: the pinger starts a round on
     * {@link Start}, counts round trips, checks the clock every 1,024 and completes the round's future.
     */
    private static Pid<Object> reactorPingPong(ProcessNode node) {
        Pid<Object> ponger = node.spawnReactor(Object.class, (message, self) -> {
            Ball ball = (Ball) message;
            self.send(ball.from(), ball);
        });
        return node.spawnReactor(Object.class, new dev.rhizome.process.Reactor<>() {
            private Ball ball;
            private CompletableFuture<Double> result;
            private long trips;
            private long start;
            private long end;

            @Override
            public void handle(Object message, dev.rhizome.process.ProcessContext<Object> self) {
                if (message instanceof Start s) {
                    ball = new Ball(self.self());
                    result = s.result();
                    trips = 0;
                    start = System.nanoTime();
                    end = start + s.nanos();
                    self.send(ponger, ball);
                    return;
                }
                trips++;
                if ((trips & 1023) == 0) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        result.complete(2.0 * trips / ((now - start) / 1e9));
                        return;
                    }
                }
                self.send(ponger, message);
            }
        });
    }

    private static double reactorRound(ProcessNode node, Pid<Object> pinger, Duration length) throws Exception {
        CompletableFuture<Double> result = new CompletableFuture<>();
        node.send(pinger, new Start(length.toNanos(), result));
        return result.get(length.toSeconds() + 60, TimeUnit.SECONDS);
    }

    /** One round; returns messages per second, both directions counted. */
    private static double pingPongRound(ProcessNode node, Pid<Object> ponger, Duration length) throws Exception {
        CompletableFuture<Double> rate = new CompletableFuture<>();
        node.spawn(self -> {
            Ball ball = new Ball(self.self());
            long trips = 0;
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long now = start;
            while (now < end) {
                for (int i = 0; i < 1024; i++) {
                    self.send(ponger, ball);
                    self.receive();
                }
                trips += 1024;
                now = System.nanoTime();
            }
            rate.complete(2.0 * trips / ((now - start) / 1e9));
        });
        return rate.get(length.toSeconds() + 60, TimeUnit.SECONDS);
    }

    // ---- remote call vs channel ----------------------------------------------------------------

    /** Echoes the request. */
    static final class Echo implements ServerBehaviour<byte[], Object> {
        @Override
        public Object init(dev.rhizome.process.ProcessContext<byte[]> self) {
            return Boolean.TRUE;
        }

        @Override
        public Next<Object> handleCall(byte[] request, dev.rhizome.process.ReplyTo from, Object state,
                dev.rhizome.process.ProcessContext<byte[]> self) {
            return Next.reply(request, state);
        }
    }

    private static OverlayConfig config(String name, String seed) {
        var builder = ProcessNode.configure(OverlayConfig.builder(name)).host("127.0.0.1").port(0).cookie(COOKIE)
                .channel(ChannelSpec.of(RR_CHANNEL)).channel(ChannelSpec.of(RV_CHANNEL));
        if (seed != null) {
            builder.seeds(seed);
        }
        return builder.build();
    }

    private static void remote(Options o, Map<String, Object> out) throws Exception {
        Overlay a = Rhizome.start(config("bench-a", null));
        Overlay b = null;
        ProcessNode pa = null;
        ProcessNode pb = null;
        Thread echoer = null;
        try {
            b = Rhizome.start(config("bench-b", a.self().hostPort()));
            pa = ProcessNode.attach(a);
            pb = ProcessNode.attach(b);
            NodeId bId = awaitMember(a, "bench-b");
            awaitMember(b, "bench-a");

            Overlay bb = b;
            b.onReceive(RR_CHANNEL, d -> bb.send(d.from(), RR_CHANNEL, d.bytes()));
            // the hand-off floor: one long-lived virtual thread takes each request from a queue and echoes it
            java.util.concurrent.BlockingQueue<dev.rhizome.overlay.Delivery> handoff = new java.util.concurrent.LinkedBlockingQueue<>();
            b.onReceive(RV_CHANNEL, handoff::add);
            echoer = Thread.ofVirtual().name("bench-echoer").start(() -> {
                try {
                    while (true) {
                        dev.rhizome.overlay.Delivery d = handoff.take();
                        bb.send(d.from(), RV_CHANNEL, d.bytes());
                    }
                } catch (InterruptedException e) {
                    // end of the run
                }
            });
            AtomicReference<CompletableFuture<byte[]>> pending = new AtomicReference<>();
            dev.rhizome.overlay.ReceiveHandler answer = d -> {
                CompletableFuture<byte[]> f = pending.get();
                if (f != null) {
                    f.complete(d.bytes());
                }
            };
            a.onReceive(RR_CHANNEL, answer);
            a.onReceive(RV_CHANNEL, answer);
            Pid<byte[]> echo = GenServer.start(pb, byte[].class, new Echo());
            Pid<byte[]> reactorEcho = GenServer.startReactor(pb, byte[].class, new Echo());
            byte[] payload = new byte[PAYLOAD_BYTES];
            Arrays.fill(payload, (byte) 7);

            // first contact, with bounded retries while the channels come up
            ProcessNode caller = pa;
            retry(() -> caller.call(echo, payload, Duration.ofSeconds(1)));
            retry(() -> caller.call(reactorEcho, payload, Duration.ofSeconds(1)));
            retry(() -> channelRoundTrip(a, bId, RR_CHANNEL, pending, payload, Duration.ofSeconds(1)));
            retry(() -> channelRoundTrip(a, bId, RV_CHANNEL, pending, payload, Duration.ofSeconds(1)));

            int warm = o.quick ? Math.min(o.warmupCalls, 10_000) : o.warmupCalls;
            int calls = o.quick ? Math.min(o.calls, 5_000) : o.calls;
            log(o, "  warm-up: " + warm + " of each");
            String[] modes = {"call", REACTOR_CALL, RR_CHANNEL, RV_CHANNEL};
            for (int i = 0; i < warm; i++) {
                for (String mode : modes) {
                    once(mode, pa, echo, reactorEcho, a, bId, pending, payload);
                }
            }
            Map<String, Histogram> all = new LinkedHashMap<>();
            Map<String, List<Double>> rounds = new LinkedHashMap<>();
            for (String mode : modes) {
                all.put(mode, new Histogram(3));
                rounds.put(mode, new ArrayList<>());
            }
            for (int r = 0; r < o.rounds; r++) {
                // interleaved request by request, so all three see the same load on a shared machine;
                // the order rotates, so none always follows the same other one
                Map<String, Histogram> round = new LinkedHashMap<>();
                for (String mode : modes) {
                    round.put(mode, new Histogram(3));
                }
                for (int i = 0; i < calls; i++) {
                    for (int k = 0; k < modes.length; k++) {
                        String mode = modes[(i + k) % modes.length];
                        long t = System.nanoTime();
                        once(mode, pa, echo, reactorEcho, a, bId, pending, payload);
                        round.get(mode).recordValue(System.nanoTime() - t);
                    }
                }
                for (String mode : modes) {
                    all.get(mode).add(round.get(mode));
                    rounds.get(mode).add(round.get(mode).getValueAtPercentile(50) / 1000.0);
                }
                log(o, String.format("  round %d: call p50 %.1f µs, reactor call p50 %.1f µs, channel p50 %.1f µs, channel+virtual thread p50 %.1f µs",
                        r + 1, rounds.get("call").getLast(), rounds.get(REACTOR_CALL).getLast(), rounds.get(RR_CHANNEL).getLast(),
                        rounds.get(RV_CHANNEL).getLast()));
            }
            Histogram call = all.get("call");
            Histogram reactorCall = all.get(REACTOR_CALL);
            Histogram channel = all.get(RR_CHANNEL);
            Histogram hop = all.get(RV_CHANNEL);
            double callP50 = call.getValueAtPercentile(50) / 1000.0;
            double channelP50 = channel.getValueAtPercentile(50) / 1000.0;
            double hopP50 = hop.getValueAtPercentile(50) / 1000.0;
            out.put("remoteSetup", "two full-mesh nodes in one JVM on 127.0.0.1, 100-byte byte[] echo, one outstanding");
            double reactorP50 = reactorCall.getValueAtPercentile(50) / 1000.0;
            out.put("remoteCallP50Micros", reactorP50);
            out.put("remoteCallP99Micros", reactorCall.getValueAtPercentile(99) / 1000.0);
            out.put("remoteCallServer", "a gen_server run as a reactor (GenServer.startReactor)");
            out.put("threadServerCallP50Micros", callP50);
            out.put("threadServerCallP99Micros", call.getValueAtPercentile(99) / 1000.0);
            out.put("channelP50Micros", channelP50);
            out.put("channelP99Micros", channel.getValueAtPercentile(99) / 1000.0);
            out.put("channelVirtualThreadP50Micros", hopP50);
            out.put("channelVirtualThreadP99Micros", hop.getValueAtPercentile(99) / 1000.0);
            out.put("remoteCallOverhead", reactorP50 / channelP50 - 1);
            out.put("threadServerCallOverhead", callP50 / channelP50 - 1);
            out.put("virtualThreadHopOverhead", hopP50 / channelP50 - 1);
            out.put("remoteCallP50RoundsMicros", rounds.get(REACTOR_CALL));
            out.put("threadServerCallP50RoundsMicros", rounds.get("call"));
            out.put("channelP50RoundsMicros", rounds.get(RR_CHANNEL));
            out.put("channelVirtualThreadP50RoundsMicros", rounds.get(RV_CHANNEL));
            out.put("callsPerRound", calls);
        } finally {
            if (echoer != null) {
                echoer.interrupt();
            }
            if (pa != null) {
                pa.close();
            }
            if (pb != null) {
                pb.close();
            }
            if (b != null) {
                b.shutdown(Duration.ofMillis(200));
            }
            a.shutdown(Duration.ofMillis(200));
        }
    }

    private static void once(String mode, ProcessNode caller, Pid<byte[]> echo, Pid<byte[]> reactorEcho, Overlay a, NodeId b,
            AtomicReference<CompletableFuture<byte[]>> pending, byte[] payload) throws Exception {
        if (mode.equals("call")) {
            caller.call(echo, payload, CALL_TIMEOUT);
        } else if (mode.equals(REACTOR_CALL)) {
            caller.call(reactorEcho, payload, CALL_TIMEOUT);
        } else {
            channelRoundTrip(a, b, mode, pending, payload, CALL_TIMEOUT);
        }
    }

    private static void channelRoundTrip(Overlay a, NodeId b, String channel, AtomicReference<CompletableFuture<byte[]>> pending,
            byte[] payload, Duration timeout) throws Exception {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pending.set(f);
        a.send(b, channel, payload);
        f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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

    private static NodeId awaitMember(Overlay overlay, String name) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            var member = overlay.member(name);
            if (member.isPresent()) {
                return member.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(overlay.self().name() + " did not see " + name + " within 30 s");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    // ---- options, machine, output --------------------------------------------------------------

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--json" -> o.json = true;
                case "--quick" -> {
                    o.quick = true;
                    o.idle = 200_000;
                    o.pingPongSec = 1;
                    o.rounds = 1;
                }
                case "--no-idle" -> o.skipIdle = true;
                case "--no-pekko" -> o.skipPekko = true;
                case "--no-jvm" -> o.skipJvm = true;
                case "--idle" -> o.idle = Integer.parseInt(value(args, ++i, a));
                case "--idle-heap" -> o.idleHeap = value(args, ++i, a);
                case "--pingpong-sec" -> o.pingPongSec = Integer.parseInt(value(args, ++i, a));
                case "--rounds" -> o.rounds = Integer.parseInt(value(args, ++i, a));
                case "--calls" -> o.calls = Integer.parseInt(value(args, ++i, a));
                case "--warmup-calls" -> o.warmupCalls = Integer.parseInt(value(args, ++i, a));
                case "--child-jvm-args" -> o.childJvmArgs = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: rhizome bench processes [--quick] [--json] [options]

                Idle footprint and spawn rate (child JVM with a fixed heap), local ping-pong beside
                Apache Pekko typed actors, and a
                remote gen_server call beside raw channel request-reply (two nodes in this JVM on
                127.0.0.1, alternating rounds of the same run).
                  --quick               200,000 idle processes, 1 round of 1 s ping-pong, 10,000 warm-up and 5,000 calls
                  --json                print exactly one JSON object on stdout (progress goes to stderr)
                  --idle N              idle processes in the child JVM (default 1000000)
                  --idle-heap SIZE      the child's -Xmx and -Xms (default 2g: the goal)
                  --no-idle             skip the idle phase
                  --no-pekko            skip the Apache Pekko ping-pong baseline
                  --no-jvm              skip the call between two JVMs
                  --pingpong-sec N      length of one ping-pong round (default 3)
                  --rounds N            ping-pong and call rounds (default 3)
                  --calls N             calls and channel round trips per round (default 20000)
                  --warmup-calls N      warm-up calls and round trips (default 20000)
                  --child-jvm-args "…"  extra JVM options for the idle child""";
    }

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cpus (" + cpu + "), " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.runtime.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MiB";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void log(Options o, String line) {
        (o.json ? System.err : System.out).println(line);
    }
}
