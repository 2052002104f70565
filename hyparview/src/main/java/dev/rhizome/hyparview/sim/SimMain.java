package dev.rhizome.hyparview.sim;

import dev.rhizome.hyparview.HyParViewSettings.BroadcastMode;
import dev.rhizome.simulator.CrashNotice;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./rhizome sim hyparview --nodes N --failure F --broadcasts B --seed S [--json]}: runs the
 * HyParView paper's experiment once on the simulator and prints the result (one JSON object with
 * {@code --json}). Progress goes to stderr.
 *
 * <p>More options: {@code --broadcast flood|plumtree} (default flood, as in the paper),
 * {@code --cycles C} (default 50), {@code --healing H} (run up to H healing cycles after the failure),
 * {@code --detect reset|send} (how survivors learn of crashes: {@code reset}, the default, is a killed
 * process whose kernel resets its connections; {@code send} is a silent machine loss noticed only when
 * writing to it),
 * {@code --wire-check} (send every message through ProtoStream), {@code --path-sources K} (BFS roots
 * for shortest paths, default 1000), {@code --set hyparview.KEY=VALUE} (a protocol setting, repeatable).
 */
public final class SimMain {

    private SimMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int nodes = 10_000;
        double failure = 0.5;
        int broadcasts = 1_000;
        long seed = 1;
        boolean json = false;
        int cycles = 50;
        int healing = 0;
        int pathSources = 1_000;
        boolean wireCheck = false;
        BroadcastMode mode = BroadcastMode.FLOOD;
        CrashNotice notice = CrashNotice.RESET;
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        int i = 0;
        if (i < args.length && args[i].equals("hyparview")) {
            i++;
        }
        try {
            for (; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--nodes" -> nodes = Integer.parseInt(value(args, ++i, arg));
                    case "--failure" -> failure = Double.parseDouble(value(args, ++i, arg));
                    case "--broadcasts" -> broadcasts = Integer.parseInt(value(args, ++i, arg));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                    case "--cycles" -> cycles = Integer.parseInt(value(args, ++i, arg));
                    case "--healing" -> healing = Integer.parseInt(value(args, ++i, arg));
                    case "--path-sources" -> pathSources = Integer.parseInt(value(args, ++i, arg));
                    case "--broadcast" -> mode = BroadcastMode.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                    case "--detect" -> notice = switch (value(args, ++i, arg)) {
                        case "send" -> CrashNotice.ON_SEND;
                        case "reset" -> CrashNotice.RESET;
                        default -> throw new IllegalArgumentException("--detect takes send or reset");
                    };
                    case "--wire-check" -> wireCheck = true;
                    case "--set" -> {
                        String pair = value(args, ++i, arg);
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set takes key=value, was " + pair);
                        }
                        settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                    }
                    case "--json" -> json = true;
                    case "--help", "-h" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            PaperExperiment.Config config = new PaperExperiment.Config(nodes, failure, broadcasts, seed, mode, notice,
                    cycles, healing, wireCheck, pathSources, settings);
            long started = System.nanoTime();
            ExperimentResult result = new PaperExperiment(config, line -> err.printf(Locale.ROOT, "sim: %6.1f s  %s%n",
                    (System.nanoTime() - started) / 1e9, line)).run();
            out.println(json ? result.toJson() : result.summary());
            return 0;
        } catch (IllegalArgumentException | dev.rhizome.overlay.config.ConfigException e) {
            err.println("sim: " + e.getMessage());
            err.println(usage());
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return """
                usage: rhizome sim hyparview [--nodes N] [--failure F] [--broadcasts B] [--seed S] [--json]
                         [--broadcast flood|plumtree] [--cycles C] [--healing H] [--detect reset|send]
                         [--wire-check] [--path-sources K] [--set hyparview.KEY=VALUE]...
                  F is a fraction (0.5 = half the nodes crash at once). Defaults: 10000 nodes, 0.5, 1000
                  broadcasts, seed 1, flood, 50 cycles, no healing run, --detect reset.""";
    }
}
