package dev.rhizome.bench;

import java.util.Arrays;

/**
 * Entry point of {@code rhizome-bench.jar}.
 *
 * <pre>
 *   java -jar bench/target/rhizome-bench.jar transport [--quick] [--json] [options]   (./rhizome bench transport ...)
 *   java -jar bench/target/rhizome-bench.jar child ...                               (internal: spawned processes)
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.println(usage());
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "transport" -> System.exit(TransportBench.main(rest));
            case "hol" -> System.exit(HolBench.main(rest));
            case "monotonic" -> System.exit(MonotonicBench.main(rest));
            case "reliable" -> System.exit(ReliableBench.main(rest));
            case "connections" -> System.exit(ConnectionsBench.main(rest));
            case "parallelism" -> System.exit(ParallelismBench.main(rest));
            case "slow-receiver" -> System.exit(SlowReceiverBench.main(rest));
            case "hol-child" -> System.exit(HolChild.main(rest));
            case "processes" -> System.exit(dev.rhizome.bench.processes.ProcessesBench.run(rest));
            case "peers" -> System.exit(dev.rhizome.bench.peers.PeersBench.run(rest));
            case "child" -> Child.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "'\n" + usage());
                System.exit(2);
            }
        }
    }

    static String usage() {
        return """
                usage: rhizome bench transport [--quick] [--json] [options]
                       rhizome bench hol [--quick] [--json]             (head-of-line blocking, see HolBench)
                       rhizome bench monotonic [--quick] [--json]       (coalescing against a plain channel)
                       rhizome bench reliable [--quick] [--json]        (guarantees under connection resets)
                       rhizome bench connections [--quick] [--json] [--nodes N] (connections per node: HyParView vs full mesh)
                       rhizome bench parallelism [--quick] [--json]     (1/4/16 lanes of 512 KiB and 8 MiB messages under WAN emulation)
                       rhizome bench slow-receiver [--quick] [--json]   (sender memory stays bounded: peak heap, child JVM with -Xmx128m)
                       rhizome bench processes [--quick] [--json] [options] (processes: footprint, spawns, ping-pong vs Pekko, remote call)
                       rhizome bench peers [--quick] [--json] [options]   (beside Pekko, Distributed Erlang and raw Netty; --help)
                       rhizome bench jmh [JMH options] [SendPathBench]   (microbenchmarks; -h for JMH's options)

                Two processes on 127.0.0.1, one channel with one connection, 100-byte payloads; Rhizome
                against a raw-Netty 4.2 baseline measured in the same run.
                  --quick                 3 s warm-up, 1 round of 2 s per workload (finishes in under a minute)
                  --json                  print exactly one JSON object on stdout (progress goes to stderr)
                  --json-out FILE         also write that JSON object to FILE
                  --warmup-sec N          JIT warm-up per process pair (default 10, quick 3)
                  --round-sec N           length of one measured round (default 5, quick 2)
                  --rounds N              rounds per system and workload, systems alternating (default 3, quick 1)
                  --window N              flow-control window in messages (default 2048)
                  --ack-every N           receiver acks cumulatively every N messages (default 256)
                  --cpu N                 CPU both processes are pinned to in the pinned phase (default 0)
                  --no-pinned             skip the pinned phase (taskset)
                  --no-unpinned           skip the unpinned phase
                  --no-extras             skip the idle-node and 5-node-mesh measurements
                  --child-jvm-args "..."  extra JVM options for every child process""";
    }
}
