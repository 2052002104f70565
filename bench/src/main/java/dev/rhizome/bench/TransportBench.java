package dev.rhizome.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code rhizome bench transport}: Rhizome against raw Netty, two processes each, on 127.0.0.1.
 *
 * <pre>
 *   this process (orchestrator, measures nothing itself)
 *     ├─ rhizome server ◀── 1 TCP connection, channel "bench" ──▶ rhizome client   (a JVM each)
 *     └─ netty server   ◀── 1 TCP connection, length-prefixed ──▶ netty client     (a JVM each)
 * </pre>
 *
 * Per phase (pinned: every child under {@code taskset -c CPU}; unpinned) all four JVMs start, each
 * client pair warms up, then the rounds run with the systems alternating (A B, B A, ...) so drift
 * hits both: first throughput rounds, then latency rounds. Then an idle node's heap/threads and a
 * 5-node in-process mesh's connection counts are measured in two more child JVMs.
 */
final class TransportBench {

    private static final String[] SYSTEMS = {"rhizome", "netty"};

    private boolean quick;
    private boolean json;
    private Path jsonOut;
    private int warmupSec = -1;
    private int roundSec = -1;
    private int rounds = -1;
    private int window = 2048;
    private int ackEvery = 256;
    private String cpu = "0";
    private boolean pinnedPhase = true;
    private boolean unpinnedPhase = true;
    private boolean extras = true;
    private final List<String> childJvmArgs = new ArrayList<>();
    private Path logDir;
    private String childClassPath;

    /** Results of one phase, per system. */
    private static final class SystemResult {
        final List<Map<String, String>> throughputRounds = new ArrayList<>();
        final List<Map<String, String>> appThreadRounds = new ArrayList<>();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final List<Double> latencyRoundP50 = new ArrayList<>();
        Map<String, String> info = Map.of();

        long sent() {
            return sum("sent");
        }

        long received() {
            return sum("received");
        }

        long sum(String key) {
            return throughputRounds.stream().mapToLong(r -> Long.parseLong(r.get(key))).sum();
        }

        double msgsPerSec() {
            return sum("received") * 1e9 / sum("nanos");
        }

        double appThreadMsgsPerSec() {
            long received = appThreadRounds.stream().mapToLong(r -> Long.parseLong(r.get("received"))).sum();
            long nanos = appThreadRounds.stream().mapToLong(r -> Long.parseLong(r.get("nanos"))).sum();
            return nanos == 0 ? Double.NaN : received * 1e9 / nanos;
        }

        long appThreadLoss() {
            return appThreadRounds.stream().mapToLong(r -> Long.parseLong(r.get("sent")) - Long.parseLong(r.get("received"))).sum();
        }

        List<Long> roundRates() {
            return throughputRounds.stream()
                    .map(r -> Math.round(Long.parseLong(r.get("received")) * 1e9 / Long.parseLong(r.get("nanos")))).toList();
        }

        double micros(double percentile) {
            return Math.round(latency.getValueAtPercentile(percentile) / 100.0) / 10.0;
        }
    }

    static int main(String[] args) {
        TransportBench bench = new TransportBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().isEmpty()) {
                System.out.println(BenchMain.usage());
                return 0;
            }
            System.err.println(e.getMessage() + "\n" + BenchMain.usage());
            return 2;
        }
        try {
            Map<String, Object> result = bench.run();
            if (bench.jsonOut != null) {
                Files.writeString(bench.jsonOut, Json.write(result) + "\n");
            }
            if (bench.json) {
                System.out.println(Json.write(result));
            } else {
                System.out.println(bench.table(result));
            }
            return 0;
        } catch (Exception e) {
            System.err.println("bench transport failed: " + e.getMessage());
            if (bench.json) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", String.valueOf(e.getMessage()));
                System.out.println(Json.write(error));
            }
            return 1;
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> throw new IllegalArgumentException("");
                case "--quick" -> quick = true;
                case "--json" -> json = true;
                case "--json-out" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--json-out needs a file");
                    }
                    jsonOut = Path.of(args[i]);
                }
                case "--warmup-sec" -> warmupSec = intArg(args, ++i, arg, 0);
                case "--round-sec" -> roundSec = intArg(args, ++i, arg, 1);
                case "--rounds" -> rounds = intArg(args, ++i, arg, 1);
                case "--window" -> window = intArg(args, ++i, arg, 1);
                case "--ack-every" -> ackEvery = intArg(args, ++i, arg, 1);
                case "--cpu" -> cpu = Integer.toString(intArg(args, ++i, arg, 0));
                case "--no-pinned" -> pinnedPhase = false;
                case "--no-unpinned" -> unpinnedPhase = false;
                case "--no-extras" -> extras = false;
                case "--child-jvm-args" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--child-jvm-args needs a value");
                    }
                    for (String word : args[i].trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            childJvmArgs.add(word);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (warmupSec < 0) {
            warmupSec = quick ? 3 : 10;
        }
        if (roundSec < 0) {
            roundSec = quick ? 2 : 5;
        }
        if (rounds < 0) {
            rounds = quick ? 1 : 3;
        }
        if (ackEvery > window) {
            throw new IllegalArgumentException("--ack-every (" + ackEvery + ") must not exceed --window (" + window + ")");
        }
        if (!pinnedPhase && !unpinnedPhase && !extras) {
            throw new IllegalArgumentException("--no-pinned, --no-unpinned and --no-extras leave nothing to measure");
        }
    }

    private static int intArg(String[] args, int i, String name, int min) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        try {
            int value = Integer.parseInt(args[i]);
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + args[i] + "' is not a whole number");
        }
    }

    private static void progress(String line) {
        System.err.println("[bench " + java.time.LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line);
    }

    Map<String, Object> run() throws Exception {
        try {
            return measure();
        } finally {
            if (logDir != null) {
                Files.deleteIfExists(logDir.resolve("rhizome-bench.jar"));
            }
        }
    }

    private Map<String, Object> measure() throws Exception {
        long started = System.nanoTime();
        logDir = Files.createTempDirectory("rhizome-bench-");
        childClassPath = childClassPath(logDir);
        boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset"));
        if (pinnedPhase && !taskset) {
            progress("taskset not found: skipping the pinned phase");
            pinnedPhase = false;
        }
        String loadStart = loadAvg();
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), JDK "
                + Runtime.version() + ", load " + loadStart + "; child logs in " + logDir);
        progress("settings: warm-up " + warmupSec + " s per process pair, " + rounds + " round(s) of " + roundSec
                + " s per system and workload, window " + window + ", ack every " + ackEvery);

        Map<String, SystemResult> pinned = null;
        Map<String, SystemResult> unpinned = null;
        if (pinnedPhase) {
            pinned = phase(true);
        }
        if (unpinnedPhase) {
            unpinned = phase(false);
        }
        Map<String, String> idle = null;
        Map<String, String> mesh = null;
        if (extras) {
            idle = extra("idle", List.of("idle"));
            mesh = extra("mesh", List.of("mesh", "5"));
        }
        String loadEnd = loadAvg();
        return report(pinned, unpinned, idle, mesh, loadStart, loadEnd,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private List<String> javaCommand(boolean pin, List<String> childArgs) {
        List<String> command = new ArrayList<>();
        if (pin) {
            command.addAll(List.of("taskset", "-c", cpu));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=disabled",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(childJvmArgs);
        command.addAll(List.of("-cp", childClassPath, BenchMain.class.getName(), "child"));
        command.addAll(childArgs);
        return command;
    }

    private Map<String, SystemResult> phase(boolean pin) throws Exception {
        String label = pin ? "pinned (taskset -c " + cpu + ")" : "unpinned";
        List<ChildProc> children = new ArrayList<>();
        Map<String, ChildProc> clients = new LinkedHashMap<>();
        Map<String, SystemResult> results = new LinkedHashMap<>();
        long roundMs = roundSec * 1000L;
        long callTimeout = roundMs + 60_000;
        try {
            for (String system : SYSTEMS) {
                String tag = (pin ? "pinned-" : "unpinned-") + system;
                ChildProc server = ChildProc.start(tag + "-server",
                        javaCommand(pin, List.of("server", system, Integer.toString(ackEvery))), logDir);
                children.add(server);
                String port = server.expect("READY", 60_000);
                ChildProc client = ChildProc.start(tag + "-client",
                        javaCommand(pin, List.of("client", system, port, Integer.toString(window))), logDir);
                children.add(client);
                client.expect("READY", 60_000);
                clients.put(system, client);
                SystemResult result = new SystemResult();
                result.info = client.call("info", 10_000);
                results.put(system, result);
                progress(label + ": " + system + " server (pid " + server.pid() + ", port " + port + ") and client (pid "
                        + client.pid() + ") connected");
            }
            for (String system : SYSTEMS) {
                progress(label + ": warming up " + system + " for " + warmupSec + " s (throughput and latency, alternating)");
                clients.get(system).call("warm " + warmupSec * 1000L + (quick ? "" : " app"), warmupSec * 1000L + 60_000);
            }
            settleJit(label, children);
            int first = pin ? 0 : 1; // which system goes first alternates per phase, then per round
            for (int round = 0; round < rounds; round++) {
                for (String system : order(round + first)) {
                    Map<String, String> r = clients.get(system).call("tput " + roundMs, callTimeout);
                    results.get(system).throughputRounds.add(r);
                    long rate = Math.round(Long.parseLong(r.get("received")) * 1e9 / Long.parseLong(r.get("nanos")));
                    progress(String.format(Locale.ROOT, "%s: throughput round %d/%d %-7s %,12d msgs/s  (sent %d, received %d, out of order %s, send failures %s%s)",
                            label, round + 1, rounds, system, rate, Long.parseLong(r.get("sent")),
                            Long.parseLong(r.get("received")), r.get("outOfOrder"), r.get("sendFailures"),
                            r.get("flushes").equals("-1") ? "" : ", transport flush requests " + r.get("flushes")));
                }
            }
            for (int round = 0; round < (quick ? 0 : rounds); round++) { // an extra: full runs only
                Map<String, String> r = clients.get("rhizome").call("tput-app " + roundMs, callTimeout);
                results.get("rhizome").appThreadRounds.add(r);
                progress(String.format(Locale.ROOT, "%s: throughput round %d/%d rhizome, sends from an application thread %,12d msgs/s  (sent %d, received %d, out of order %s, transport flush requests %s)",
                        label, round + 1, rounds, Math.round(Long.parseLong(r.get("received")) * 1e9 / Long.parseLong(r.get("nanos"))),
                        Long.parseLong(r.get("sent")), Long.parseLong(r.get("received")), r.get("outOfOrder"), r.get("flushes")));
            }
            for (int round = 0; round < rounds; round++) {
                for (String system : order(round + first)) {
                    Map<String, String> r = clients.get(system).call("lat " + roundMs, callTimeout);
                    Histogram h = Histogram.decodeFromCompressedByteBuffer(
                            ByteBuffer.wrap(Base64.getDecoder().decode(r.get("hist"))), 0);
                    results.get(system).latency.add(h);
                    double p50 = h.getValueAtPercentile(50) / 1000.0;
                    results.get(system).latencyRoundP50.add(Math.round(p50 * 10) / 10.0);
                    progress(String.format(Locale.ROOT, "%s: latency round %d/%d %-7s p50 %7.1f us  p99 %7.1f us  p99.9 %7.1f us  (%,d round trips)",
                            label, round + 1, rounds, system, p50, h.getValueAtPercentile(99) / 1000.0,
                            h.getValueAtPercentile(99.9) / 1000.0, h.getTotalCount()));
                }
            }
            return results;
        } finally {
            for (ChildProc child : children) {
                child.close();
            }
        }
    }

    /**
     * The children run from a private copy of this jar, so a rebuild of bench/target during a run
     * (another build on the machine) cannot pull the classes from under them.
     */
    private static String childClassPath(Path dir) {
        String classPath = System.getProperty("java.class.path");
        Path jar = Path.of(classPath);
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar") && Files.isRegularFile(jar)) {
            try {
                Path copy = dir.resolve("rhizome-bench.jar");
                Files.copy(jar, copy);
                return copy.toString();
            } catch (IOException e) {
                progress("could not copy " + jar + " (" + e + "); children use it directly");
            }
        }
        return classPath;
    }

    /**
     * Waits until the child JVMs' JIT has (nearly) stopped compiling the warm-up's code: total
     * compilation time of the four JVMs grew by less than 5 ms in each of two consecutive 500 ms
     * polls (at most 10 s, 5 s with --quick; a little background compilation never stops). On a
     * pinned CPU one pair's compile backlog would otherwise slow down whichever system runs first.
     */
    private void settleJit(String label, List<ChildProc> children) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(quick ? 5 : 10);
        long last = -1;
        int quiet = 0;
        while (System.nanoTime() < end && quiet < 2) {
            long total = 0;
            for (ChildProc child : children) {
                total += Long.parseLong(child.call("jit", 10_000).get("compileMillis"));
            }
            quiet = last >= 0 && total - last < 5 ? quiet + 1 : 0;
            last = total;
            if (quiet < 2) {
                Thread.sleep(500);
            }
        }
        progress(label + ": JIT " + (quiet >= 2 ? "settled" : "still compiling, going on") + " after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (compile time of the 4 JVMs so far "
                + last + " ms)");
    }

    private static List<String> order(int round) {
        return round % 2 == 0 ? List.of(SYSTEMS[0], SYSTEMS[1]) : List.of(SYSTEMS[1], SYSTEMS[0]);
    }

    private Map<String, String> extra(String name, List<String> args) throws Exception {
        progress("measuring " + (name.equals("idle") ? "an idle node's heap and threads" : "a 5-node full mesh's connections"));
        try (ChildProc child = ChildProc.start(name, javaCommand(false, args), logDir)) {
            return parseResult(child.expect("RESULT", 60_000));
        }
    }

    private static Map<String, String> parseResult(String line) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                result.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return result;
    }

    // ---- report ----------------------------------------------------------------------------------

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : Math.round(a / b * 1000) / 1000.0;
    }

    private Map<String, Object> report(Map<String, SystemResult> pinned, Map<String, SystemResult> unpinned,
                                       Map<String, String> idle, Map<String, String> mesh,
                                       String loadStart, String loadEnd, long seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        // Headline: throughput unpinned (each process can have a core), latency pinned (the setting).
        Map<String, SystemResult> tput = unpinned != null ? unpinned : pinned;
        Map<String, SystemResult> lat = pinned != null ? pinned : unpinned;
        if (tput != null) {
            double rTput = tput.get("rhizome").msgsPerSec();
            double nTput = tput.get("netty").msgsPerSec();
            out.put("rhizomeMsgsPerSec", Math.round(rTput));
            out.put("nettyMsgsPerSec", Math.round(nTput));
            out.put("throughputRatio", ratio(rTput, nTput));
            out.put("rhizomeP50Micros", lat.get("rhizome").micros(50));
            out.put("nettyP50Micros", lat.get("netty").micros(50));
            out.put("latencyRatio", ratio(lat.get("rhizome").micros(50), lat.get("netty").micros(50)));
            out.put("throughputPinned", unpinned == null);
            out.put("latencyPinned", pinned != null);
            out.put("throughputGoalMet", ratio(rTput, nTput) >= 0.70);
            out.put("latencyGoalMet", ratio(lat.get("rhizome").micros(50), lat.get("netty").micros(50)) <= 1.3);
            for (String system : SYSTEMS) {
                SystemResult t = tput.get(system);
                out.put(system + "Loss", t.sent() - t.received());
                out.put(system + "OutOfOrder", t.sum("outOfOrder"));
                out.put(system + "SendFailures", t.sum("sendFailures"));
                out.put(system + "ThroughputRounds", t.roundRates());
                SystemResult l = lat.get(system);
                out.put(system + "P99Micros", l.micros(99));
                out.put(system + "P999Micros", l.micros(99.9));
                out.put(system + "LatencyRoundTrips", l.latency.getTotalCount());
            }
        }
        if (pinned != null) {
            putPhase(out, pinned, "Pinned");
        }
        if (unpinned != null) {
            putPhase(out, unpinned, "Unpinned");
        }
        if (idle != null) {
            out.put("idleHeapUsedBytes", Long.parseLong(idle.get("heapAfter")));
            out.put("idleThreads", Integer.parseInt(idle.get("threadsAfter")));
            out.put("idleJvmBaselineHeapUsedBytes", Long.parseLong(idle.get("heapBefore")));
            out.put("idleJvmBaselineThreads", Integer.parseInt(idle.get("threadsBefore")));
            out.put("idleNodeHeapDeltaBytes", Long.parseLong(idle.get("heapAfter")) - Long.parseLong(idle.get("heapBefore")));
            out.put("idleNodeThreadDelta", Integer.parseInt(idle.get("threadsAfter")) - Integer.parseInt(idle.get("threadsBefore")));
            out.put("idleNonHeapUsedBytes", Long.parseLong(idle.get("nonHeapAfter")));
            out.put("idleThreadNames", List.of(idle.get("threadNames").split(",")));
        }
        if (mesh != null) {
            out.put("meshNodes", 5);
            out.put("meshConverged", Boolean.parseBoolean(mesh.get("converged")));
            out.put("meshConvergedMillis", Long.parseLong(mesh.get("convergedMillis")));
            out.put("meshConnectionsTotal", Integer.parseInt(mesh.get("total")));
            out.put("meshConnectionsPerNode", List.of(mesh.get("perNode").split(",")).stream().map(Integer::parseInt).toList());
            out.put("meshChannels", List.of(mesh.get("channels").split("/")));
            out.put("meshConnectionsPerChannelPerNode", List.of(mesh.get("perChannelPerNode").split(",")));
            out.put("meshKernelSocketEnds", Integer.parseInt(mesh.get("kernelSocketEnds")));
            out.put("meshTcpConnections", Integer.parseInt(mesh.get("total")) / 2);
            int channelCount = mesh.get("channels").split("/").length;
            int expectedPerNode = channelCount * 4;
            int expectedTotal = expectedPerNode * 5;
            out.put("meshExpectedTotal", expectedTotal);
            out.put("meshExplanation", "per node: " + channelCount + " channels (" + mesh.get("channels").replace("/", ", ")
                    + ") x 1 lane x 4 peers = " + expectedPerNode + "; one TCP connection per pair of nodes per channel"
                    + " and lane, counted at both ends: " + channelCount + " x 1 x C(5,2)=10 = " + expectedTotal / 2
                    + " connections, " + expectedTotal + " ends"
                    + (expectedTotal == Integer.parseInt(mesh.get("total")) ? " = the measured total" : " != the measured total "
                    + mesh.get("total")));
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        machine.put("netty", nettyVersion());
        machine.put("transport", "NIO (1 event loop per process)");
        Map<String, String> info = tput == null ? Map.of() : tput.get("netty").info;
        machine.put("hasUnsafe", info.get("hasUnsafe") == null ? null : Boolean.parseBoolean(info.get("hasUnsafe")));
        machine.put("allocator", info.get("allocator"));
        machine.put("loadAvgStart", loadStart);
        machine.put("loadAvgEnd", loadEnd);
        machine.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.put("machine", machine);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("quick", quick);
        settings.put("warmupSec", warmupSec);
        settings.put("roundSec", roundSec);
        settings.put("rounds", rounds);
        settings.put("payloadBytes", Msg.PAYLOAD);
        settings.put("window", window);
        settings.put("ackEvery", ackEvery);
        settings.put("pinnedCpu", pinned != null ? cpu : null);
        settings.put("childJvm", String.join(" ", javaCommand(false, List.of()).subList(1, javaCommand(false, List.of()).size() - 4)));
        settings.put("elapsedSec", seconds);
        out.put("settings", settings);
        return out;
    }

    private static void putPhase(Map<String, Object> out, Map<String, SystemResult> phase, String suffix) {
        SystemResult r = phase.get("rhizome");
        SystemResult n = phase.get("netty");
        out.put("rhizomeMsgsPerSec" + suffix, Math.round(r.msgsPerSec()));
        out.put("nettyMsgsPerSec" + suffix, Math.round(n.msgsPerSec()));
        out.put("throughputRatio" + suffix, ratio(r.msgsPerSec(), n.msgsPerSec()));
        if (!r.appThreadRounds.isEmpty()) {
            out.put("rhizomeAppThreadMsgsPerSec" + suffix, Math.round(r.appThreadMsgsPerSec()));
            out.put("appThreadThroughputRatio" + suffix, ratio(r.appThreadMsgsPerSec(), n.msgsPerSec()));
            out.put("rhizomeAppThreadLoss" + suffix, r.appThreadLoss());
        }
        out.put("rhizomeLoss" + suffix, r.sent() - r.received());
        out.put("nettyLoss" + suffix, n.sent() - n.received());
        for (String p : List.of("P50", "P99", "P999")) {
            double percentile = switch (p) {
                case "P50" -> 50;
                case "P99" -> 99;
                default -> 99.9;
            };
            out.put("rhizome" + p + "Micros" + suffix, r.micros(percentile));
            out.put("netty" + p + "Micros" + suffix, n.micros(percentile));
        }
        out.put("latencyRatio" + suffix, ratio(r.micros(50), n.micros(50)));
        out.put("rhizomeLatencyRoundP50Micros" + suffix, r.latencyRoundP50);
        out.put("nettyLatencyRoundP50Micros" + suffix, n.latencyRoundP50);
    }

    private String table(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r.get("machine");
        @SuppressWarnings("unchecked")
        Map<String, Object> set = (Map<String, Object>) r.get("settings");
        s.append("Rhizome transport benchmark  (").append(m.get("date")).append(")\n");
        s.append(String.format(Locale.ROOT, "machine   %s CPUs, %s; JDK %s; Netty %s, %s, allocator %s, hasUnsafe %s%n",
                m.get("nproc"), m.get("cpuModel"), m.get("jdk"), m.get("netty"), m.get("transport"), m.get("allocator"),
                m.get("hasUnsafe")));
        s.append(String.format(Locale.ROOT, "load      %s at start, %s at end (1/5/15-min averages)%n", m.get("loadAvgStart"), m.get("loadAvgEnd")));
        s.append(String.format(Locale.ROOT, "settings  2 processes per system on 127.0.0.1, 1 channel / 1 connection, %s-byte payloads; window %s msgs, ack every %s;%n"
                        + "          warm-up %s s per process pair%s, %s round(s) x %s s per system and workload, systems alternating; child JVM: %s%n",
                set.get("payloadBytes"), set.get("window"), set.get("ackEvery"), set.get("warmupSec"),
                Boolean.TRUE.equals(set.get("quick")) ? " (--quick: short warm-up understates JVM systems)" : "",
                set.get("rounds"), set.get("roundSec"), set.get("childJvm")));
        s.append('\n');
        s.append(String.format(Locale.ROOT, "%-44s %14s %14s %8s %s%n", "", "rhizome", "netty", "ratio", "goal"));
        for (String suffix : List.of("Unpinned", "Pinned")) {
            if (!r.containsKey("rhizomeMsgsPerSec" + suffix)) {
                continue;
            }
            String where = suffix.toLowerCase(Locale.ROOT) + (suffix.equals("Pinned") ? " (taskset -c " + set.get("pinnedCpu") + ")" : "");
            s.append(String.format(Locale.ROOT, "%-44s %,14d %,14d %8.3f %s%n", "throughput msgs/s, " + where,
                    r.get("rhizomeMsgsPerSec" + suffix), r.get("nettyMsgsPerSec" + suffix), r.get("throughputRatio" + suffix),
                    ">= 0.70"));
            s.append(String.format(Locale.ROOT, "%-44s %14s %14s%n", "  lost messages (sent - received)",
                    r.get("rhizomeLoss" + suffix), r.get("nettyLoss" + suffix)));
            if (r.get("rhizomeAppThreadMsgsPerSec" + suffix) instanceof Long appRate) {
                s.append(String.format(Locale.ROOT, "%-44s %,14d %14s %8.3f (extra: rhizome sends from an app thread; loss %s)%n",
                        "  rhizome, sender = application thread", appRate, "",
                        r.get("appThreadThroughputRatio" + suffix), r.get("rhizomeAppThreadLoss" + suffix)));
            }
            for (String p : List.of("P50", "P99", "P999")) {
                s.append(String.format(Locale.ROOT, "%-44s %14.1f %14.1f %8s %s%n",
                        "latency " + p.toLowerCase(Locale.ROOT).replace("p999", "p99.9") + " us, " + where,
                        r.get("rhizome" + p + "Micros" + suffix), r.get("netty" + p + "Micros" + suffix),
                        p.equals("P50") ? String.format(Locale.ROOT, "%.3f", (Double) r.get("latencyRatio" + suffix)) : "",
                        p.equals("P50") ? "<= 1.3" : ""));
            }
        }
        s.append('\n');
        if (r.containsKey("throughputRatio")) {
            s.append(String.format(Locale.ROOT, "headline  throughputRatio %s (%s), latencyRatio %s (p50, %s); goals met: throughput %s, latency %s%n",
                    r.get("throughputRatio"), Boolean.TRUE.equals(r.get("throughputPinned")) ? "pinned" : "unpinned",
                    r.get("latencyRatio"), Boolean.TRUE.equals(r.get("latencyPinned")) ? "pinned" : "unpinned",
                    r.get("throughputGoalMet"), r.get("latencyGoalMet")));
        }
        if (r.containsKey("idleHeapUsedBytes")) {
            s.append(String.format(Locale.ROOT, "idle node heap used after GC %,d B (JVM alone %,d B, node adds %,d B); live threads %s (JVM alone %s, node adds %s)%n",
                    r.get("idleHeapUsedBytes"), r.get("idleJvmBaselineHeapUsedBytes"), r.get("idleNodeHeapDeltaBytes"),
                    r.get("idleThreads"), r.get("idleJvmBaselineThreads"), r.get("idleNodeThreadDelta")));
            s.append("          threads: ").append(String.join(", ", castList(r.get("idleThreadNames")))).append('\n');
        }
        if (r.containsKey("meshConnectionsTotal")) {
            s.append(String.format(Locale.ROOT, "5-node mesh (in one JVM): converged %s in %s ms; activeConnections per node %s, total %s"
                            + " (kernel: %s established socket ends);%n          per node %s connections: %s%n          %s%n",
                    r.get("meshConverged"), r.get("meshConvergedMillis"), r.get("meshConnectionsPerNode"),
                    r.get("meshConnectionsTotal"), r.get("meshKernelSocketEnds"), String.join("/", castList(r.get("meshChannels"))),
                    r.get("meshConnectionsPerChannelPerNode"), r.get("meshExplanation")));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    // ---- machine ---------------------------------------------------------------------------------

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String loadAvg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static String nettyVersion() {
        var version = io.netty.util.Version.identify().get("netty-transport");
        return version == null ? "unknown" : version.artifactVersion();
    }
}
