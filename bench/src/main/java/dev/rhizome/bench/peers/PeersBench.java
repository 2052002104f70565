package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import dev.rhizome.bench.ChildProc;
import dev.rhizome.bench.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code rhizome bench peers [--quick] [--json]}: Rhizome, Apache Pekko (Artery TCP, default and
 * with {@code large-message-destinations}), Distributed Erlang and raw Netty, each as two OS
 * processes on 127.0.0.1, one after the other in the same invocation, under the same workloads:
 * <ol>
 *   <li>W1: 100-byte one-way throughput, window 3,000 (acks every 300); the receiver counts every
 *       message, sent minus received is the loss; again with a 10,000 window (loss check);</li>
 *   <li>W2: sequential 100-byte request-reply, p50/p99/p99.9, unpinned and with both processes pinned
 *       to one CPU ({@code taskset -a -p -c CPU} on the running processes);</li>
 *   <li>W3: a 100-byte round trip every 10 ms while 8 MiB messages (two in flight) stream to another
 *       receiver in the same process, with the bulk MiB/s.</li>
 * </ol>
 * W1 and W2 run after a short warm-up and again after a long one. JSON per system key:
 * {@code msgsPerSec} (W1, long warm-up), {@code p50Micros}/{@code p99Micros} (W2 unpinned),
 * {@code pinnedP50Micros}..., {@code holP99Micros} (W3), and ratios {@code rhizomeVs*Throughput}.
 */
public final class PeersBench {

    /** System keys in run order. */
    static final List<String> SYSTEMS = List.of("rhizome", "netty", "erlang", "pekko", "pekkoLargeDest");
    static final int WINDOW = 3000;
    static final int BIG_WINDOW = 10_000;
    static final int ACK_EVERY = 300;

    private boolean quick;
    private boolean json;
    private Path jsonOut;
    private Path svgOut;
    private Path markdownOut;
    private boolean pinned = true;
    private String cpu = "0";
    private List<String> systems = SYSTEMS;
    private List<String> childJvmArgs = List.of();
    private int shortWarmSec;
    private int longWarmSec;
    private int roundSec;
    private int holSec;
    private Path logDir;
    private String classPath;
    private ErlangRuntime erlang;
    private String erlangUnavailable;

    private PeersBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [--quick] [--json] [--json-out FILE] [--svg FILE] [--markdown FILE] [--systems a,b] [--cpu N] [--no-pinned]
     *             [--child-jvm-args "..."]}
     * @return the process exit code
     */
    public static int run(String[] args) {
        PeersBench bench = new PeersBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            return e.getMessage().isEmpty() ? 0 : 2;
        }
        try {
            Map<String, Object> result = bench.measure();
            if (bench.jsonOut != null) {
                Files.writeString(bench.jsonOut, Json.write(result) + "\n");
            }
            if (bench.markdownOut != null) {
                Files.writeString(bench.markdownOut, PeersTable.markdown(result));
            }
            if (bench.svgOut != null) {
                Files.writeString(bench.svgOut, PeersChart.svg(result));
                progress("chart written to " + bench.svgOut);
            }
            System.out.println(bench.json ? Json.write(result) : PeersTable.text(result));
            return 0;
        } catch (Exception e) {
            e.printStackTrace();
            System.err.println("bench peers failed: " + e.getMessage());
            if (bench.json) {
                System.out.println(Json.write(Map.of("error", String.valueOf(e.getMessage()))));
            }
            return 1;
        }
    }

    static String usage() {
        return """
                usage: rhizome bench peers [--quick] [--json] [options]
                  Rhizome, Pekko Artery TCP (default; large-message-destinations), Distributed Erlang (erlang-nox,
                  installed with apt-get if erl is missing) and raw Netty, two processes each on 127.0.0.1.
                  --quick          2 s short / 6 s long warm-up, 2 s rounds, 3 s W3 (under 3 minutes)
                  --json           print one JSON object on stdout (progress on stderr)
                  --json-out FILE  also write the JSON to FILE
                  --svg FILE       write a chart of the results (SVG)
                  --markdown FILE  write the per-system table as Markdown
                  --systems LIST   comma-separated subset of rhizome,netty,erlang,pekko,pekkoLargeDest
                  --cpu N          the CPU both processes are pinned to for pinned W2 (default 0)
                  --no-pinned      skip pinned W2
                  --child-jvm-args "..."  extra options for every JVM child (e.g. a JFR recording)""";
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> throw new IllegalArgumentException("");
                case "--quick" -> quick = true;
                case "--json" -> json = true;
                case "--json-out" -> jsonOut = Path.of(value(args, ++i, "--json-out"));
                case "--svg" -> svgOut = Path.of(value(args, ++i, "--svg"));
                case "--markdown" -> markdownOut = Path.of(value(args, ++i, "--markdown"));
                case "--cpu" -> cpu = value(args, ++i, "--cpu");
                case "--no-pinned" -> pinned = false;
                case "--child-jvm-args" -> childJvmArgs = List.of(value(args, ++i, "--child-jvm-args").trim().split("\\s+"));
                case "--systems" -> {
                    systems = List.of(value(args, ++i, "--systems").split(","));
                    for (String s : systems) {
                        if (!SYSTEMS.contains(s)) {
                            throw new IllegalArgumentException("--systems: unknown system '" + s + "' (known: " + SYSTEMS + ")");
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!cpu.matches("\\d+")) {
            throw new IllegalArgumentException("--cpu must be a CPU number, not '" + cpu + "'");
        }
        shortWarmSec = quick ? 2 : 3;
        longWarmSec = quick ? 6 : 15;
        roundSec = quick ? 2 : 5;
        holSec = quick ? 3 : 10;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    static void progress(String line) {
        System.err.println("[peers " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line);
    }

    private Map<String, Object> measure() throws Exception {
        long started = System.nanoTime();
        logDir = Files.createTempDirectory("rhizome-peers-");
        classPath = privateClassPath(logDir);
        String loadStart = loadAvg();
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version() + ", load "
                + loadStart + "; logs in " + logDir);
        progress("settings: warm-up " + shortWarmSec + " s (short) and " + longWarmSec + " s (long) per system, W1/W2 rounds "
                + roundSec + " s, W3 " + holSec + " s, window " + WINDOW + " (ack every " + ACK_EVERY + "), loss check at "
                + BIG_WINDOW);
        if (pinned && !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            progress("taskset not found: skipping pinned W2");
            pinned = false;
        }
        if (systems.contains("erlang")) {
            try {
                erlang = ErlangRuntime.prepare(logDir, PeersBench::progress);
            } catch (ErlangRuntime.Unavailable e) {
                erlangUnavailable = e.getMessage();
                progress("Distributed Erlang unavailable: " + e.getMessage());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "peers");
        try {
            for (String system : systems) {
                out.put(system, measureSystem(system));
            }
        } finally {
            if (erlang != null) {
                erlang.close(PeersBench::progress);
            }
            Files.deleteIfExists(logDir.resolve("rhizome-bench.jar"));
        }
        out.put("rhizomeVsPekkoThroughput", ratio(out, "rhizome", "pekko", "msgsPerSec"));
        out.put("rhizomeVsErlangThroughput", ratio(out, "rhizome", "erlang", "msgsPerSec"));
        out.put("rhizomeVsNettyThroughput", ratio(out, "rhizome", "netty", "msgsPerSec"));
        out.put("rhizomeVsNettyPinnedP50", ratio(out, "rhizome", "netty", "pinnedP50Micros"));
        out.put("rhizomeVsErlangHolP99", ratio(out, "rhizome", "erlang", "holP99Micros"));
        out.put("rhizomeVsPekkoHolP99", ratio(out, "rhizome", "pekko", "holP99Micros"));
        Map<String, Object> goals = new LinkedHashMap<>();
        goals.put("throughputAtLeast0.7xNetty", atLeast(out.get("rhizomeVsNettyThroughput"), 0.7));
        goals.put("pinnedP50AtMost1.3xNetty", atMost(out.get("rhizomeVsNettyPinnedP50"), 1.3));
        goals.put("holP99AtMostErlang", atMost(out.get("rhizomeVsErlangHolP99"), 1.0));
        goals.put("holP99AtMost0.1xPekko", atMost(out.get("rhizomeVsPekkoHolP99"), 0.1));
        goals.put("zeroLoss", out.get("rhizome") instanceof Map<?, ?> r && r.get("loss") instanceof Long l
                && l == 0 && r.get("lossBigWindow") instanceof Long l2 && l2 == 0 && r.get("holLostPings") instanceof Long l3 && l3 == 0);
        out.put("goals", goals);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        machine.put("loadAvgStart", loadStart);
        machine.put("loadAvgEnd", loadAvg());
        machine.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.put("machine", machine);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("quick", quick);
        settings.put("shortWarmupSec", shortWarmSec);
        settings.put("longWarmupSec", longWarmSec);
        settings.put("roundSec", roundSec);
        settings.put("holSec", holSec);
        settings.put("payloadBytes", Msg.PAYLOAD);
        settings.put("window", WINDOW);
        settings.put("ackEvery", ACK_EVERY);
        settings.put("bigWindow", BIG_WINDOW);
        settings.put("bulkBytes", Msg.BULK_BYTES);
        settings.put("bulkInFlight", PeerDriver.BULK_WINDOW);
        settings.put("holIntervalMillis", 10);
        settings.put("pinnedCpu", pinned ? cpu : null);
        settings.put("childJvm", String.join(" ", jvmOptions()));
        settings.put("elapsedSec", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        out.put("settings", settings);
        return out;
    }

    private static Boolean atLeast(Object ratio, double bound) {
        return ratio instanceof Double d ? d >= bound : null;
    }

    private static Boolean atMost(Object ratio, double bound) {
        return ratio instanceof Double d ? d <= bound : null;
    }

    private static Double ratio(Map<String, Object> out, String a, String b, String key) {
        if (out.get(a) instanceof Map<?, ?> ma && out.get(b) instanceof Map<?, ?> mb
                && ma.get(key) instanceof Number x && mb.get(key) instanceof Number y && y.doubleValue() > 0) {
            return Math.round(x.doubleValue() / y.doubleValue() * 1000) / 1000.0;
        }
        return null;
    }

    private List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxDirectMemorySize=1g",
                "-Dio.netty.leakDetection.level=disabled", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        options.addAll(childJvmArgs.stream().filter(a -> !a.isEmpty()).toList());
        return options;
    }

    private List<String> javaCommand(String role, String system, String arg) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", classPath, PeerChild.class.getName(), role, system, arg));
        return command;
    }

    private Map<String, Object> measureSystem(String system) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        if (system.equals("erlang") && erlang == null) {
            r.put("available", false);
            r.put("reason", erlangUnavailable);
            return r;
        }
        String cookie = "peers" + ProcessHandle.current().pid();
        List<ChildProc> children = new ArrayList<>();
        long systemStart = System.nanoTime();
        try {
            ChildProc server = ChildProc.start(system + "-server", system.equals("erlang")
                    ? erlang.command("peers_srv_" + ProcessHandle.current().pid(), cookie, "server", Integer.toString(ACK_EVERY))
                    : javaCommand("server", system, Integer.toString(ACK_EVERY)), logDir);
            children.add(server);
            String address = server.expect("READY", 60_000);
            ChildProc client = ChildProc.start(system + "-client", system.equals("erlang")
                    ? erlang.command("peers_cli_" + ProcessHandle.current().pid(), cookie, "client", address)
                    : javaCommand("client", system, address), logDir);
            children.add(client);
            client.expect("READY", 90_000);
            String describe = client.call("info", 10_000).get("describe").replace('_', ' ');
            progress(system + ": receiver pid " + server.pid() + " (" + address + "), sender pid " + client.pid() + "; " + describe);
            r.put("available", true);
            r.put("describe", describe);
            r.put("loadAvgBefore", loadAvg());
            long roundMs = roundSec * 1000L;
            long timeout = roundMs + 90_000;

            warm(system, client, shortWarmSec * 1000L);
            Map<String, Object> shortWarm = new LinkedHashMap<>();
            Map<String, String> t = tput(system, client, roundMs, WINDOW, "short warm-up");
            shortWarm.put("msgsPerSec", rate(t));
            shortWarm.put("loss", loss(t));
            Map<String, String> l = lat(system, client, roundMs, "short warm-up, unpinned");
            shortWarm.put("p50Micros", micros(l.get("p50")));
            shortWarm.put("p99Micros", micros(l.get("p99")));
            r.put("shortWarmup", shortWarm);

            warm(system, client, (longWarmSec - shortWarmSec) * 1000L);
            t = tput(system, client, roundMs, WINDOW, "long warm-up");
            r.put("msgsPerSec", rate(t));
            r.put("sent", Long.parseLong(t.get("sent")));
            r.put("received", Long.parseLong(t.get("received")));
            r.put("loss", loss(t));
            r.put("outOfOrder", Long.parseLong(t.get("outOfOrder")));
            l = lat(system, client, roundMs, "long warm-up, unpinned");
            r.put("p50Micros", micros(l.get("p50")));
            r.put("p99Micros", micros(l.get("p99")));
            r.put("p999Micros", micros(l.get("p999")));
            r.put("roundTrips", Long.parseLong(l.get("count")));
            if (pinned) {
                List<Long> pids = List.of(server.pid(), client.pid());
                affinity(pids, cpu);
                try {
                    l = lat(system, client, roundMs, "long warm-up, pinned (taskset -c " + cpu + ")");
                } finally {
                    affinity(pids, "0-" + (Runtime.getRuntime().availableProcessors() - 1));
                }
                r.put("pinnedP50Micros", micros(l.get("p50")));
                r.put("pinnedP99Micros", micros(l.get("p99")));
                r.put("pinnedP999Micros", micros(l.get("p999")));
            }
            Map<String, String> h = client.call("hol " + holSec * 1000L, holSec * 1000L + 120_000);
            double mibPerSec = Long.parseLong(h.get("bulkBytes")) / 1048576.0 / (Long.parseLong(h.get("bulkNanos")) / 1e9);
            r.put("holP50Micros", micros(h.get("p50")));
            r.put("holP99Micros", micros(h.get("p99")));
            r.put("holMaxMicros", micros(h.get("max")));
            r.put("holPings", Long.parseLong(h.get("pings")));
            r.put("holLostPings", Long.parseLong(h.get("lostPings")));
            r.put("bulkMiBPerSec", Math.round(mibPerSec * 10) / 10.0);
            progress(String.format(Locale.ROOT, "%s: W3 ping every 10 ms during the 8 MiB stream: p50 %.1f us, p99 %.1f us, max %.1f us"
                            + " (%s pings, %s without pong); bulk %.1f MiB/s", system, micros(h.get("p50")), micros(h.get("p99")),
                    micros(h.get("max")), h.get("pings"), h.get("lostPings"), mibPerSec));
            t = tput(system, client, Math.max(1000, roundMs / 2), BIG_WINDOW, "window " + BIG_WINDOW + " (loss check)");
            r.put("msgsPerSecBigWindow", rate(t));
            r.put("lossBigWindow", loss(t));
            r.put("loadAvgAfter", loadAvg());
            r.put("elapsedSec", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - systemStart));
        } catch (Exception e) {
            progress(system + " failed: " + e.getMessage());
            r.put("available", false);
            r.put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            for (int i = children.size() - 1; i >= 0; i--) {
                children.get(i).close();
            }
        }
        return r;
    }

    private void warm(String system, ChildProc client, long millis) throws Exception {
        if (millis <= 0) {
            return;
        }
        progress(system + ": warming up for " + millis / 1000 + " s (W1 and W2 alternating, 0.5 s each)");
        client.call("warm " + millis + " " + WINDOW, millis + 120_000);
    }

    private Map<String, String> tput(String system, ChildProc client, long millis, int window, String what) throws Exception {
        Map<String, String> t = client.call("tput " + millis + " " + window, millis + 90_000);
        progress(String.format(Locale.ROOT, "%s: W1 %s: %,d msgs/s (sent %s, received %s, lost %d, out of order %s)", system, what,
                rate(t), t.get("sent"), t.get("received"), loss(t), t.get("outOfOrder")));
        return t;
    }

    private Map<String, String> lat(String system, ChildProc client, long millis, String what) throws Exception {
        Map<String, String> l = client.call("lat " + millis, millis + 90_000);
        progress(String.format(Locale.ROOT, "%s: W2 %s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%s round trips)", system, what,
                micros(l.get("p50")), micros(l.get("p99")), micros(l.get("p999")), l.get("count")));
        return l;
    }

    private static long rate(Map<String, String> t) {
        return Math.round(Long.parseLong(t.get("received")) * 1e9 / Long.parseLong(t.get("nanos")));
    }

    private static long loss(Map<String, String> t) {
        return Long.parseLong(t.get("sent")) - Long.parseLong(t.get("received"));
    }

    private static double micros(String nanos) {
        return Math.round(Long.parseLong(nanos) / 100.0) / 10.0;
    }

    /** Sets the CPU affinity of every thread of the processes and their descendants. */
    private static void affinity(List<Long> pids, String cpus) throws InterruptedException {
        List<Long> all = new ArrayList<>();
        for (long pid : pids) {
            all.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        }
        for (long pid : all) {
            int rc = ErlangRuntime.run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)), 10, line -> { });
            if (rc != 0) {
                throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed (exit " + rc + ")");
            }
        }
    }

    /** The children run from a private copy of this jar, so a rebuild during a run cannot affect them. */
    private static String privateClassPath(Path dir) {
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

    static String loadAvg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

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
}
