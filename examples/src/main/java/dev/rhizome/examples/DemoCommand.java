package dev.rhizome.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rhizome demo}: five nodes, each its own JVM on 127.0.0.1. Shows membership converging,
 * traffic on two channels, a SIGKILLed node detected by every survivor, the node restarted under the
 * same name rejoining with a new incarnation, per-channel message counts, and a graceful shutdown.
 * Every wait is bounded; every child process is stopped on every way out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts 5 nodes as separate JVMs on 127.0.0.1, kills one, restarts it, and prints what happens."
                + " The same steps run on every topology (--topology).")
final class DemoCommand implements Callable<Integer> {

    private static final List<String> CHANNELS = List.of("chat", "bulk");

    /** Polls (100 ms apart) with unchanged message counts after which a node's counts are final. */
    private static final int STILL_POLLS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "5", description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodeCount;

    @Option(names = "--timeout-seconds", defaultValue = "30", description = "Bound on every wait (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--topology", defaultValue = "fullmesh", paramLabel = "NAME",
            description = "fullmesh (default), hyparview, client-server (some servers, the rest clients) or static"
                    + " (a configured ring).")
    String topologyName;

    private DemoTopology topology;
    private List<Integer> ports;

    private PrintWriter out;
    private long startedAt;
    private Duration timeout;
    private Path dir;
    private final List<NodeProcess> all = new CopyOnWriteArrayList<>();

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        timeout = Duration.ofSeconds(timeoutSeconds);
        if (nodeCount < 3 || nodeCount > 9) {
            spec.commandLine().getErr().println("rhizome demo: --nodes must be 3..9");
            return Main.EXIT_CONFIG;
        }
        try {
            topology = DemoTopology.byName(topologyName);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("rhizome demo: --topology: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        startedAt = System.currentTimeMillis();
        dir = Files.createTempDirectory("rhizome-demo-");
        Thread killer = new Thread(this::killAll, "rhizome-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            run();
            out.printf("%nDemo finished in %.1f s. Node logs: %s%n", (System.currentTimeMillis() - startedAt) / 1000.0, dir);
            return 0;
        } catch (IllegalStateException e) {
            out.println();
            out.println("DEMO FAILED: " + e.getMessage());
            out.println("Node logs: " + dir);
            return 1;
        } finally {
            out.flush();
            killAll();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // already running it
            }
        }
    }

    private void run() throws IOException {
        Path cookie = dir.resolve("cookie");
        Files.createFile(cookie, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.writeString(cookie, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);

        out.printf("Rhizome demo: %d nodes, each in its own JVM on 127.0.0.1 (java %s, %s)%n", nodeCount,
                Runtime.version(), Jvm.javaBinary());
        out.printf("Channels: chat, bulk:2. Cluster secret in %s. Times are ms since the demo started.%n", cookie);
        if (topology != DemoTopology.FULLMESH) {
            out.println(topology.describe(nodeCount));
        }
        ports = topology.usesSeeds() ? java.util.Collections.nCopies(nodeCount, 0) : FreePorts.reserve(nodeCount);

        // 1. Start the first node, then the others with it as their seed.
        section("Starting nodes");
        List<String> common = List.of("--host", "127.0.0.1", "--cookie-file", cookie.toString(), "--channels", "chat,bulk:2");
        Map<String, NodeProcess> nodes = new LinkedHashMap<>();
        NodeProcess first = launch("n1", ports.get(0), null, common);
        nodes.put("n1", first);
        String[] firstStarted = started(first);
        String seed = topology.usesSeeds() ? firstStarted[3] : null;
        for (int i = 2; i <= nodeCount; i++) {
            nodes.put("n" + i, launch("n" + i, ports.get(i - 1), seed, common));
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, Long> incarnations = new LinkedHashMap<>();
        addresses.put("n1", firstStarted[3]);
        incarnations.put("n1", Long.parseLong(firstStarted[4]));
        List<String[]> others = new ArrayList<>();
        for (NodeProcess node : nodes.values()) {
            if (node != first) {
                String[] s = awaitStarted(node);
                others.add(s);
                addresses.put(node.name(), s[3]);
                incarnations.put(node.name(), Long.parseLong(s[4]));
            }
        }
        others.sort(Comparator.comparingLong(s -> Long.parseLong(s[5])));
        others.forEach(s -> printStarted(s, nodes.get(s[2])));

        // 2. Membership converges.
        section("Membership converging (each node's view, as its EVENT MEMBERS lines report it)");
        String everyone = String.join(",", nodes.keySet());
        long lastStart = 0;
        List<String[]> converged = new ArrayList<>();
        if (topology.globalView()) {
            for (NodeProcess node : nodes.values()) {
                String[] members = node.awaitEvent(0, "MEMBERS", f -> f[2].equals(everyone), timeout,
                        "its view to reach " + everyone);
                converged.add(new String[] {node.name(), members[3], growth(node, everyone)});
            }
            converged.sort(Comparator.comparingLong(c -> Long.parseLong(c[1])));
            for (String[] c : converged) {
                out.printf("%s %s sees all %d members   (%s)%n", at(Long.parseLong(c[1])), c[0], nodeCount, c[2]);
            }
        } else {
            converged.add(new String[] {"", Long.toString(PartialViews.awaitConnected(nodes.values(), timeout))});
            PartialViews.print(out, nodes.values(), this::at);
        }
        for (NodeProcess node : nodes.values()) {
            lastStart = Math.max(lastStart, Long.parseLong(node.findEvent(0, "STARTED", f -> true).orElseThrow()[5]));
        }
        long convergedAt = Long.parseLong(converged.get(converged.size() - 1)[1]);
        out.printf("Converged %d ms after the last node started.%n", convergedAt - lastStart);

        // 3. Traffic on two channels.
        section(topology.globalView()
                ? "Traffic: every node sends to every other, 100 x 64 B on 'chat' and 8 x 64 KiB on 'bulk'"
                : "Traffic: every node sends to each of its members, 100 x 64 B on 'chat' and 8 x 64 KiB on 'bulk'");
        traffic(nodes.values());

        // 4. SIGKILL one node; every survivor detects it.
        String victimName = topology.victim(nodeCount);
        NodeProcess victim = nodes.get(victimName);
        long oldIncarnation = incarnations.get(victimName);
        section("Failure detection: SIGKILL " + victimName + " (pid " + victim.pid() + ")");
        List<NodeProcess> survivors = nodes.values().stream().filter(n -> n != victim).toList();
        // A node only reports what it saw: on a partial view, the victim's neighbours.
        List<NodeProcess> watchers = survivors.stream().filter(n -> PartialViews.view(n).contains(victimName)).toList();
        List<Integer> marks = watchers.stream().map(NodeProcess::mark).toList();
        long killedAt = victim.kill();
        out.printf("%s kill -9 %d%n", at(killedAt), victim.pid());
        long worst = 0;
        for (int i = 0; i < watchers.size(); i++) {
            NodeProcess survivor = watchers.get(i);
            String[] down = survivor.awaitEvent(marks.get(i), "DOWN",
                    f -> f[2].equals(victimName) && Long.parseLong(f[4]) == oldIncarnation, timeout,
                    "EVENT DOWN " + victimName);
            long detection = Long.parseLong(down[6]) - killedAt;
            worst = Math.max(worst, detection);
            out.printf("%s %s saw %s down after %4d ms (reason: %s)%n", at(Long.parseLong(down[6])), survivor.name(),
                    victimName, detection, down[5]);
        }
        out.printf(topology.globalView() ? "Every survivor detected the crash within %d ms.%n"
                : "Every neighbour of it detected the crash within %d ms.%n", worst);
        out.println("(The kernel closes a killed process's sockets, so peers see its connections drop at once;");
        out.println(" a host that vanishes silently is caught by the phi-accrual heartbeat detector instead.)");
        victim.waitFor(timeout);

        // 5. Restart it under the same name; it rejoins with a new incarnation.
        section("Rejoin: restart " + victimName + " under the same name");
        marks = survivors.stream().map(NodeProcess::mark).toList();
        int oldPort = Integer.parseInt(addresses.get(victimName).substring(addresses.get(victimName).lastIndexOf(':') + 1));
        NodeProcess reborn = launch(victimName, oldPort, topology.usesSeeds() ? seed : null, common);
        String[] restarted;
        try {
            restarted = started(reborn);
        } catch (IllegalStateException portBusy) {
            out.printf("  (port %d is not free yet; restarting on an ephemeral port)%n", oldPort);
            reborn = launch(victimName, 0, topology.usesSeeds() ? seed : null, common);
            restarted = started(reborn);
        }
        long newIncarnation = Long.parseLong(restarted[4]);
        out.printf("%s incarnation %d -> %d%n", at(Long.parseLong(restarted[5])), oldIncarnation, newIncarnation);
        if (topology.globalView()) {
            for (int i = 0; i < survivors.size(); i++) {
                NodeProcess survivor = survivors.get(i);
                String[] up = survivor.awaitEvent(marks.get(i), "UP",
                        f -> f[2].equals(victimName) && Long.parseLong(f[4]) == newIncarnation, timeout,
                        "EVENT UP " + victimName + " with incarnation " + newIncarnation);
                out.printf("%s %s sees %s again (incarnation %s)%n", at(Long.parseLong(up[5])), survivor.name(), victimName, up[4]);
            }
            String[] rebornView = reborn.awaitEvent(0, "MEMBERS", f -> f[2].equals(everyone), timeout,
                    "its view to reach " + everyone);
            out.printf("%s %s sees all %d members%n", at(Long.parseLong(rebornView[3])), victimName, nodeCount);
            nodes.put(victimName, reborn);
        } else {
            nodes.put(victimName, reborn);
            long at = PartialViews.awaitConnected(nodes.values(), timeout);
            for (int i = 0; i < survivors.size(); i++) {
                NodeProcess survivor = survivors.get(i);
                survivor.findEvent(marks.get(i), "UP", f -> f[2].equals(victimName)
                        && Long.parseLong(f[4]) == newIncarnation).ifPresent(up -> out.printf(
                        "%s %s sees %s again (incarnation %s)%n", at(Long.parseLong(up[5])), survivor.name(), victimName, up[4]));
            }
            out.printf("%s the overlay is connected again, %s included:%n", at(at), victimName);
            PartialViews.print(out, nodes.values(), this::at);
        }

        // 6. Traffic again, now through the restarted node too.
        section("Traffic again, the restarted node included");
        traffic(nodes.values());

        // 7. Per-channel counts from each node's metrics.
        section("Messages per channel, from each node's metrics (" + victimName + "'s restarted from zero)");
        printStats(nodes.values());

        // 8. Graceful shutdown: one node leaves while the others watch, then the rest quit.
        section("Graceful shutdown");
        NodeProcess leaver = nodes.get("n" + nodeCount);
        List<NodeProcess> stayers = nodes.values().stream().filter(n -> n != leaver).toList();
        List<NodeProcess> itsWatchers = stayers.stream().filter(n -> PartialViews.view(n).contains(leaver.name())).toList();
        marks = itsWatchers.stream().map(NodeProcess::mark).toList();
        long quitAt = System.currentTimeMillis();
        leaver.command("quit");
        for (int i = 0; i < itsWatchers.size(); i++) {
            String[] down = itsWatchers.get(i).awaitEvent(marks.get(i), "DOWN", f -> f[2].equals(leaver.name()), timeout,
                    "EVENT DOWN " + leaver.name());
            out.printf("%s %s saw %s leave after %d ms (reason: %s)%n", at(Long.parseLong(down[6])),
                    itsWatchers.get(i).name(), leaver.name(), Long.parseLong(down[6]) - quitAt, down[5]);
        }
        for (NodeProcess node : stayers) {
            node.command("quit");
        }
        for (NodeProcess node : nodes.values()) {
            int code = node.waitFor(timeout).orElseThrow(() -> new IllegalStateException(node.name()
                    + " did not stop within " + timeout.toSeconds() + " s of 'quit'\n" + node.describe()));
            if (code != 0) {
                throw new IllegalStateException(node.name() + " exited with code " + code + "\n" + node.describe());
            }
        }
        out.printf("%s all %d nodes left the cluster and exited with code 0%n", at(System.currentTimeMillis()), nodeCount);
    }

    private NodeProcess launch(String name, int port, String seed, List<String> common) throws IOException {
        List<String> args = new ArrayList<>(common);
        args.addAll(topology.flags(Integer.parseInt(name.substring(1)), nodeCount, ports));
        args.addAll(List.of("--port", Integer.toString(port)));
        if (seed != null) {
            args.addAll(List.of("--seeds", seed));
        }
        NodeProcess node = NodeProcess.start(name, args, Jvm.classPath(), List.of(), dir);
        all.add(node);
        return node;
    }

    /** Waits for {@code EVENT STARTED name host:port incarnation millis}, prints it, returns its fields. */
    private String[] started(NodeProcess node) {
        String[] started = awaitStarted(node);
        printStarted(started, node);
        return started;
    }

    private String[] awaitStarted(NodeProcess node) {
        return node.awaitEvent(0, "STARTED", f -> true, timeout, "EVENT STARTED");
    }

    private void printStarted(String[] started, NodeProcess node) {
        out.printf("%s %s started on %s (pid %d, incarnation %s)%n", at(Long.parseLong(started[5])), node.name(),
                started[3], node.pid(), started[4]);
    }

    /** How a node's view grew: "2 at 812 ms, 3 at 840 ms, ...". */
    private String growth(NodeProcess node, String everyone) {
        List<String> steps = new ArrayList<>();
        for (String line : node.lines()) {
            if (NodeProcess.isEvent(line, "MEMBERS")) {
                String[] f = NodeProcess.fields(line);
                steps.add(f[2].split(",").length + " at " + (Long.parseLong(f[3]) - startedAt) + " ms");
                if (f[2].equals(everyone)) {
                    break;
                }
            }
        }
        return "view grew: " + String.join(", ", steps);
    }

    private void traffic(Iterable<NodeProcess> nodes) {
        long begin = System.currentTimeMillis();
        Map<NodeProcess, Integer> marks = new LinkedHashMap<>();
        for (NodeProcess node : nodes) {
            marks.put(node, node.mark());
            node.command("send * chat 100 64");
            node.command("send * bulk 8 65536");
        }
        long[] ok = new long[CHANNELS.size()];
        long[] failed = new long[CHANNELS.size()];
        for (Map.Entry<NodeProcess, Integer> entry : marks.entrySet()) {
            for (int c = 0; c < CHANNELS.size(); c++) {
                String channel = CHANNELS.get(c);
                String reply = entry.getKey().await(entry.getValue(),
                        l -> l.startsWith("SENT * " + channel + " ") || l.startsWith("ERROR"), timeout,
                        "the reply to 'send * " + channel + "'");
                if (reply.startsWith("ERROR")) {
                    throw new IllegalStateException(entry.getKey().name() + ": " + reply);
                }
                String[] f = NodeProcess.fields(reply);
                ok[c] += Long.parseLong(f[3].substring("ok=".length()));
                failed[c] += Long.parseLong(f[4].substring("failed=".length()));
            }
        }
        for (int c = 0; c < CHANNELS.size(); c++) {
            out.printf("%s %-4s %5d messages sent, %d failed%n", at(System.currentTimeMillis()), CHANNELS.get(c), ok[c], failed[c]);
        }
        out.printf("(%d ms for both channels, all nodes sending at once)%n", System.currentTimeMillis() - begin);
    }

    private void printStats(Iterable<NodeProcess> nodes) {
        out.printf("%-6s %10s %10s %10s %10s%n", "node", "chat in", "chat out", "bulk in", "bulk out");
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long[] totalIn = new long[CHANNELS.size()];
        long[] totalOut = new long[CHANNELS.size()];
        for (NodeProcess node : nodes) {
            // Sends complete when written; give the last frames a moment to be counted on arrival.
            Map<String, long[]> stats = stats(node);
            // On a global view every node sent to every other, so in == out once all arrived; on a partial
            // view the views may have shifted during the round. Either way, stop once the counts no longer
            // move (a message lost in transit never arrives).
            int unchanged = 0;
            while (!(topology.globalView() && balanced(stats)) && unchanged < STILL_POLLS
                    && System.currentTimeMillis() < deadline) {
                pause(100);
                Map<String, long[]> previous = stats;
                stats = stats(node);
                unchanged = same(stats, previous) ? unchanged + 1 : 0;
            }
            for (int c = 0; c < CHANNELS.size(); c++) {
                totalIn[c] += stats.get(CHANNELS.get(c))[0];
                totalOut[c] += stats.get(CHANNELS.get(c))[1];
            }
            out.printf("%-6s %10d %10d %10d %10d%n", node.name(), stats.get("chat")[0], stats.get("chat")[1],
                    stats.get("bulk")[0], stats.get("bulk")[1]);
        }
        for (int c = 0; c < CHANNELS.size(); c++) {
            if (totalOut[c] > totalIn[c]) {
                out.printf("(%s: %d out, %d in: delivery is at-most-once, and %d did not arrive, e.g. relayed"
                        + " through a node that had just restarted)%n", CHANNELS.get(c), totalOut[c], totalIn[c],
                        totalOut[c] - totalIn[c]);
            }
        }
    }

    private static boolean same(Map<String, long[]> a, Map<String, long[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> java.util.Arrays.equals(a.get(k), b.get(k)));
    }

    /** Every node sent to every other, so each node's in should equal its out once everything arrived. */
    private static boolean balanced(Map<String, long[]> stats) {
        return CHANNELS.stream().allMatch(c -> stats.get(c)[0] == stats.get(c)[1]);
    }

    private Map<String, long[]> stats(NodeProcess node) {
        int from = node.mark();
        node.command("stats");
        node.await(from, l -> l.equals("STATS END"), timeout, "the reply to 'stats'");
        Map<String, long[]> stats = new LinkedHashMap<>();
        for (String line : node.lines().subList(from, node.mark())) {
            if (line.startsWith("STATS ") && !line.equals("STATS END")) {
                String[] f = NodeProcess.fields(line);
                stats.put(f[1], new long[] {Long.parseLong(f[2].substring(3)), Long.parseLong(f[3].substring(4))});
            }
        }
        return stats;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private String at(long epochMillis) {
        return String.format("[%6d ms]", epochMillis - startedAt);
    }

    private void killAll() {
        for (NodeProcess node : all) {
            if (node.isAlive()) {
                node.process().destroyForcibly();
            }
        }
        for (NodeProcess node : all) {
            node.waitFor(Duration.ofSeconds(5));
        }
        all.clear();
    }
}
