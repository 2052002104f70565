package dev.rhizome.bench;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The child processes the transport benchmark spawns. They talk to the parent with one line per
 * message on stdout ({@code READY ...}, {@code RESULT k=v ...}, {@code ERROR ...}) and take commands
 * on stdin; when stdin closes (the parent exited or was killed) they exit.
 *
 * <pre>
 *   child server  rhizome|netty ackEvery          → READY port; then answers jit, ends on quit or end of stdin
 *   child client  rhizome|netty port window       → READY; then commands: warm ms [app] | tput ms | tput-app ms
 *                                                   | lat ms | info | jit | quit
 *   child idle                                    → RESULT heap/threads of a JVM with one idle node
 *   child mesh    nodes                           → RESULT connection counts of an in-process full mesh
 *   child setup-race iterations                   → diagnostic: sends during connection set-up (RESULTS.md)
 * </pre>
 */
final class Child {

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private Child() {}

    static void main(String[] args) throws Exception {
        System.setOut(System.err); // only protocol lines go to the real stdout
        try {
            switch (args[0]) {
                case "server" -> server(args[1], Integer.parseInt(args[2]));
                case "client" -> client(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "idle" -> idle();
                case "mesh" -> mesh(Integer.parseInt(args[1]));
                case "setup-race" -> setupRace(Integer.parseInt(args[1]));
                default -> throw new IllegalArgumentException("unknown child role " + args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            OUT.println("ERROR " + t.toString().replace('\n', ' '));
            System.exit(3);
        }
        System.exit(0);
    }

    private static Endpoint serverEndpoint(String system) throws InterruptedException {
        return switch (system) {
            case "rhizome" -> RhizomeEndpoint.server();
            case "netty" -> NettyEndpoint.server();
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    private static void server(String system, int ackEvery) throws Exception {
        Endpoint endpoint = serverEndpoint(system);
        endpoint.handler(new ServerLogic(endpoint, ackEvery));
        int port = endpoint instanceof RhizomeEndpoint r ? r.port() : ((NettyEndpoint) endpoint).port();
        OUT.println("READY " + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // serve until the parent goes away; answer only "jit"
            if (line.trim().equals("jit")) {
                OUT.println("RESULT compileMillis=" + compileMillis());
            }
        }
        closeWithin(endpoint, 3000);
    }

    private static void client(String system, int port, int window) throws Exception {
        Endpoint endpoint = switch (system) {
            case "rhizome" -> RhizomeEndpoint.client("127.0.0.1", port);
            case "netty" -> NettyEndpoint.client("127.0.0.1", port);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
        ClientDriver driver = new ClientDriver(endpoint, window);
        endpoint.handler(driver);
        if (!driver.handshake(30_000)) {
            throw new IllegalStateException(system + " client: no answer from the server within 30 s");
        }
        OUT.println("READY");
        // Commands are read by a watcher thread: if stdin closes without "quit" (the parent died),
        // this process halts at once, even in the middle of a run.
        java.util.concurrent.BlockingQueue<String> commands = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("bench-stdin").start(() -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try {
                String read;
                while ((read = in.readLine()) != null) {
                    commands.add(read);
                    if (read.trim().equals("quit")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // treated as end of input
            }
            System.err.println("stdin closed without quit: the parent is gone, halting");
            Runtime.getRuntime().halt(4);
        });
        while (true) {
            String line = commands.take();
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "quit" -> {
                        closeWithin(endpoint, 3000);
                        return;
                    }
                    case "warm" -> {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[1]));
                        int cycles = 0;
                        while (System.nanoTime() < end && cycles < 10_000) {
                            driver.throughput(500);
                            driver.latency(500);
                            if (system.equals("rhizome") && words.length > 2 && words[2].equals("app")) {
                                driver.throughputFromAppThread(300);
                            }
                            cycles++;
                        }
                        OUT.println("RESULT cycles=" + cycles);
                    }
                    case "tput", "tput-app" -> {
                        long failuresBefore = endpoint.sendFailures();
                        long flushesBefore = endpoint instanceof RhizomeEndpoint r ? r.flushes() : 0;
                        ClientDriver.Throughput t = words[0].equals("tput")
                                ? driver.throughput(Long.parseLong(words[1]))
                                : driver.throughputFromAppThread(Long.parseLong(words[1]));
                        long flushes = endpoint instanceof RhizomeEndpoint r ? r.flushes() - flushesBefore : -1;
                        OUT.println("RESULT sent=" + t.sent() + " received=" + t.received() + " outOfOrder=" + t.outOfOrder()
                                + " nanos=" + t.nanos() + " sendFailures=" + (endpoint.sendFailures() - failuresBefore)
                                + " flushes=" + flushes);
                    }
                    case "lat" -> {
                        Histogram h = driver.latency(Long.parseLong(words[1]));
                        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                        int length = h.encodeIntoCompressedByteBuffer(buffer);
                        byte[] bytes = new byte[length];
                        buffer.flip();
                        buffer.get(bytes);
                        OUT.println("RESULT count=" + h.getTotalCount() + " hist=" + Base64.getEncoder().encodeToString(bytes));
                    }
                    case "jit" -> OUT.println("RESULT compileMillis=" + compileMillis());
                    case "info" -> OUT.println("RESULT hasUnsafe=" + io.netty.util.internal.PlatformDependent.hasUnsafe()
                            + " allocator=" + io.netty.buffer.ByteBufAllocator.DEFAULT.getClass().getSimpleName()
                            + " directBufferPreferred=" + io.netty.util.internal.PlatformDependent.directBufferPreferred()
                            + " cpus=" + Runtime.getRuntime().availableProcessors()
                            + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount());
                    default -> OUT.println("ERROR unknown command " + line);
                }
            } catch (Exception e) {
                e.printStackTrace();
                OUT.println("ERROR " + e.toString().replace('\n', ' '));
            }
        }
    }

    /** Total JIT compilation time so far (ms), to see when compilation has settled. */
    private static long compileMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private static void closeWithin(AutoCloseable closeable, long millis) {
        Thread closer = Thread.ofPlatform().daemon().start(() -> {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        });
        try {
            closer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap and threads of this JVM before and after starting one node that then sits idle. */
    private static void idle() throws Exception {
        long heapBefore = heapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        Overlay node = Rhizome.start(RhizomeEndpoint.config("idle-node", 0, null));
        Thread.sleep(3000);
        long heapAfter = heapAfterGc();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            groups.merge(t.getName().replaceAll("[0-9]+", "N").replace(' ', '_'), 1, Integer::sum);
        }
        List<String> names = new ArrayList<>();
        groups.forEach((name, count) -> names.add(name + (count > 1 ? "*" + count : "")));
        OUT.println("RESULT heapBefore=" + heapBefore + " threadsBefore=" + threadsBefore + " heapAfter=" + heapAfter
                + " threadsAfter=" + threadsAfter + " nonHeapAfter="
                + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed()
                + " threadNames=" + String.join(",", names));
        closeWithin(node, 3000);
    }

    /**
     * Established TCP socket ends in the kernel's table with a node's listening port at either end:
     * every connection between two nodes of this JVM shows up twice (once per end).
     */
    private static int establishedSocketEnds(java.util.Set<Integer> ports) {
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[3].equals("01")) {
                        continue; // header, or not ESTABLISHED
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                    if (ports.contains(local) || ports.contains(remote)) {
                        count++;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no such table
            }
        }
        return count;
    }

    /**
     * Diagnostic (not part of {@code transport}): two nodes in this JVM; as soon as the client sees
     * the server as a member it sends 20,000 sequenced messages over ~1 s, through the connection
     * set-up (simultaneous dials, duplicate tie-break). Counts messages whose send future completed
     * successfully but that never arrived ("silent" losses, which at-most-once delivery with
     * "lost only if its future failed" should not have).
     */
    private static void setupRace(int iterations) throws Exception {
        for (int it = 1; it <= iterations; it++) {
            java.util.BitSet seen = new java.util.BitSet();
            Overlay server = Rhizome.start(RhizomeEndpoint.config(RhizomeEndpoint.SERVER, 0, null));
            server.onReceive(RhizomeEndpoint.CHANNEL, d -> {
                synchronized (seen) {
                    seen.set((int) Msg.a(d.bytes()));
                }
            });
            Overlay client = Rhizome.start(RhizomeEndpoint.config(RhizomeEndpoint.CLIENT, 0, server.self().hostPort()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            java.util.Optional<NodeId> peer = java.util.Optional.empty();
            while (System.nanoTime() < end && (peer = client.member(RhizomeEndpoint.SERVER)).isEmpty()) {
                Thread.sleep(1);
            }
            int total = 20_000;
            List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>(total);
            for (int i = 0; i < total && peer.isPresent(); i++) {
                futures.add(client.send(peer.get(), RhizomeEndpoint.CHANNEL, Msg.encode(Msg.DATA, i, 0, Msg.PAYLOAD))
                        .toCompletableFuture());
                if (i % 200 == 199) {
                    Thread.sleep(10);
                }
            }
            int ok = 0;
            int failed = 0;
            int silent = 0;
            for (var f : futures) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    ok++;
                } catch (Exception e) {
                    failed++;
                }
            }
            Thread.sleep(1000);
            synchronized (seen) {
                for (int i = 0; i < futures.size(); i++) {
                    var f = futures.get(i);
                    if (f.isDone() && !f.isCompletedExceptionally() && !seen.get(i)) {
                        silent++;
                    }
                }
            }
            OUT.println("ITERATION " + it + " peerSeen=" + peer.isPresent() + " sent=" + futures.size() + " ok=" + ok
                    + " failed=" + failed + " received=" + seen.cardinality() + " silentLoss=" + silent);
            List<Thread> closers = new ArrayList<>();
            for (Overlay node : List.of(client, server)) {
                closers.add(Thread.ofPlatform().daemon().start(() -> node.shutdown(Duration.ofMillis(100))));
            }
            for (Thread closer : closers) {
                closer.join(3000);
            }
        }
        OUT.println("RESULT done=" + iterations);
    }

    /** Starts {@code count} nodes in this JVM, waits for a full view and settled connections. */
    private static void mesh(int count) throws Exception {
        List<RhizomeNode> nodes = new ArrayList<>();
        try {
            RhizomeNode first = (RhizomeNode) Rhizome.start(RhizomeEndpoint.config("mesh-1", 0, null));
            nodes.add(first);
            for (int i = 2; i <= count; i++) {
                nodes.add((RhizomeNode) Rhizome.start(RhizomeEndpoint.config("mesh-" + i, 0, first.self().hostPort())));
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end && !nodes.stream().allMatch(n -> n.members().size() == count)) {
                Thread.sleep(20);
            }
            long convergedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean converged = nodes.stream().allMatch(n -> n.members().size() == count);
            // Wait until the connection counts stop changing for a second (at most 10 s).
            String last = "";
            long stableSince = System.nanoTime();
            long settleEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < settleEnd) {
                String now = nodes.stream().map(n -> Integer.toString(n.activeConnections())).toList().toString();
                if (!now.equals(last)) {
                    last = now;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
                    break;
                }
                Thread.sleep(50);
            }
            List<String> perNode = new ArrayList<>();
            List<String> perChannel = new ArrayList<>();
            List<String> channels = List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT, RhizomeEndpoint.CHANNEL);
            java.util.Set<Integer> ports = new java.util.HashSet<>();
            int total = 0;
            for (RhizomeNode node : nodes) {
                ports.add(node.self().port());
                int active = node.activeConnections();
                total += active;
                perNode.add(Integer.toString(active));
                List<String> counts = new ArrayList<>();
                for (String channel : channels) {
                    int sum = 0;
                    for (NodeId peer : node.members()) {
                        if (!peer.equals(node.self())) {
                            sum += node.connectionCount(peer, channel);
                        }
                    }
                    counts.add(Integer.toString(sum));
                }
                perChannel.add(String.join("/", counts));
            }
            OUT.println("RESULT converged=" + converged + " convergedMillis=" + convergedMillis + " members="
                    + nodes.stream().map(n -> Integer.toString(n.members().size())).toList().toString().replace(" ", "")
                    + " perNode=" + String.join(",", perNode) + " total=" + total
                    + " channels=" + String.join("/", channels)
                    + " perChannelPerNode=" + String.join(",", perChannel)
                    + " kernelSocketEnds=" + establishedSocketEnds(ports));
        } finally {
            List<Thread> closers = new ArrayList<>();
            for (Overlay node : nodes) {
                closers.add(Thread.ofPlatform().daemon().start(() -> node.shutdown(Duration.ofMillis(200))));
            }
            for (Thread closer : closers) {
                closer.join(3000);
            }
        }
    }
}
