package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A JVM child of {@code bench peers}. Protocol lines ({@code READY ...}, {@code RESULT k=v ...},
 * {@code ERROR ...}) go to stdout, commands come on stdin; when stdin closes the process halts.
 *
 * <pre>
 *   PeerChild server rhizome|netty|pekko|pekkoLargeDest ackEvery   → READY host:port
 *   PeerChild client rhizome|netty|pekko|pekkoLargeDest host:port  → READY; then commands:
 *       warm ms | tput ms window | lat ms | hol ms | info | quit
 * </pre>
 *
 * The Erlang child ({@code peers_bench.erl}) speaks the same protocol.
 */
public final class PeerChild {

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private PeerChild() {}

    /**
     * Runs one child.
     *
     * @param args {@code server SYSTEM ACK_EVERY} or {@code client SYSTEM HOST:PORT}
     */
    public static void main(String[] args) {
        System.setOut(System.err);
        try {
            watchStdin(args[0].equals("server"));
            if (args[0].equals("server")) {
                server(args[1], Integer.parseInt(args[2]));
            } else {
                client(args[1], args[2]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            OUT.println("ERROR " + t.toString().replace('\n', ' '));
            Runtime.getRuntime().halt(3);
        }
        System.exit(0); // not halt: shutdown hooks run, so a JFR recording (--child-jvm-args) is written
    }

    private static final BlockingQueue<String> COMMANDS = new LinkedBlockingQueue<>();

    /** Reads stdin on a daemon thread; halts the process when it closes (the parent is gone). */
    private static void watchStdin(boolean server) {
        Thread.ofPlatform().daemon().name("peers-stdin").start(() -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    COMMANDS.add(line.trim());
                    if (line.trim().equals("quit")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // end of input
            }
            System.err.println("stdin closed: halting");
            Runtime.getRuntime().halt(4);
        });
    }

    private static void server(String system, int ackEvery) throws Exception {
        PeerLink link;
        String address;
        switch (system) {
            case "rhizome" -> {
                RhizomeLink r = RhizomeLink.server();
                link = r;
                address = r.address();
            }
            case "netty" -> {
                NettyLink n = NettyLink.server();
                link = n;
                address = n.address();
            }
            case "pekko", "pekkoLargeDest" -> {
                PekkoLink p = PekkoLink.server(system.equals("pekkoLargeDest"));
                link = p;
                address = p.address();
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
        link.handler(new ServerSide(link, ackEvery));
        OUT.println("READY " + address);
        while (!COMMANDS.take().equals("quit")) {
            // serve until told to quit (or stdin closes, which halts)
        }
        closeWithin(link, 10_000);
    }

    private static void client(String system, String address) throws Exception {
        PeerLink link = switch (system) {
            case "rhizome" -> RhizomeLink.client(address);
            case "netty" -> NettyLink.client(address);
            case "pekko", "pekkoLargeDest" -> PekkoLink.client(address, system.equals("pekkoLargeDest"));
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
        PeerDriver driver = new PeerDriver(link);
        link.handler(driver);
        if (!driver.handshake(30_000)) {
            throw new IllegalStateException(system + " client: no answer from the receiver within 30 s");
        }
        OUT.println("READY");
        while (true) {
            String[] words = COMMANDS.take().split("\\s+");
            try {
                switch (words[0]) {
                    case "quit" -> {
                        closeWithin(link, 10_000);
                        return;
                    }
                    case "info" -> OUT.println("RESULT describe=" + link.describe().replace(' ', '_'));
                    case "warm" -> {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[1]));
                        int cycles = 0;
                        while (System.nanoTime() < end && cycles < 10_000) {
                            driver.throughput(500, Integer.parseInt(words.length > 2 ? words[2] : "3000"));
                            driver.latency(500);
                            cycles++;
                        }
                        OUT.println("RESULT cycles=" + cycles);
                    }
                    case "tput" -> {
                        Map<String, Long> t = driver.throughput(Long.parseLong(words[1]), Integer.parseInt(words[2]));
                        OUT.println("RESULT sent=" + t.get("sent") + " received=" + t.get("received") + " outOfOrder="
                                + t.get("outOfOrder") + " nanos=" + t.get("nanos"));
                    }
                    case "lat" -> OUT.println("RESULT " + percentiles(driver.latency(Long.parseLong(words[1]))));
                    case "hol" -> {
                        PeerDriver.Hol h = driver.hol(Long.parseLong(words[1]));
                        OUT.println("RESULT " + percentiles(h.rtt()) + " pings=" + h.pings() + " lostPings=" + h.lostPings()
                                + " bulkBytes=" + h.bulkMessages() * (long) Msg.BULK_BYTES + " bulkNanos=" + h.nanos());
                    }
                    default -> OUT.println("ERROR unknown command " + String.join(" ", words));
                }
            } catch (Exception e) {
                e.printStackTrace();
                OUT.println("ERROR " + e.toString().replace('\n', ' '));
            }
        }
    }

    /** count, p50, p99, p999, max in nanoseconds. */
    static String percentiles(Histogram h) {
        return String.format(Locale.ROOT, "count=%d p50=%d p99=%d p999=%d max=%d", h.getTotalCount(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    private static void closeWithin(AutoCloseable closeable, long millis) throws InterruptedException {
        Thread closer = Thread.ofPlatform().daemon().start(() -> {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        });
        closer.join(millis);
    }
}
