package dev.rhizome.hyparview.sim;

import dev.rhizome.hyparview.HyParViewProtocol;
import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.hyparview.HyParViewSettings.BroadcastMode;
import dev.rhizome.hyparview.HyParViewTopology;
import dev.rhizome.hyparview.wire.Gossip;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.simulator.CrashNotice;
import dev.rhizome.simulator.LatencyModel;
import dev.rhizome.simulator.NetworkConditions;
import dev.rhizome.simulator.SimObserver;
import dev.rhizome.simulator.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The HyParView paper's experiment (TR-07-13 §5.1) on the simulator:
 *
 * <ol>
 *   <li>{@code nodes} nodes join one by one through the same contact, each join settling before the next;</li>
 *   <li>{@code cycles} membership cycles, in each of which every node shuffles once at a random moment;</li>
 *   <li>the stable overlay is measured (connectivity, symmetry, degrees, clustering, shortest paths) and
 *       a few broadcasts from one sender give the stable reliability, last delivery hop and redundancy;</li>
 *   <li>a {@code failure} fraction of the nodes crash at once;</li>
 *   <li>{@code broadcasts} broadcasts from random live nodes, one after another, each settling before the
 *       next, with reactive repair but no shuffle (Fig. 2 and Fig. 3);</li>
 *   <li>optionally, from the same failure, healing cycles instead: 10 broadcasts then a shuffle round per
 *       cycle, until a cycle's 10 broadcasts all reach every live node (Fig. 4).</li>
 * </ol>
 *
 * Time is virtual: a cycle is {@value #CYCLE_MS} ms and every link takes {@value #LINK_MS} ms. The TCP
 * failure detector is modelled by {@link CrashNotice}: {@code RESET} (the default) is a killed process
 * whose kernel resets its connections, so every neighbour notices within one link delay; {@code ON_SEND}
 * is a silent machine loss that a neighbour notices only when it next writes to it, as flooding does on
 * every broadcast.
 */
public final class PaperExperiment {

    static final long CYCLE_MS = 1_000;
    /** Every link takes the same time, so a flood's first copy arrives along a shortest path, as in
     *  the paper's round-based simulation. */
    static final long LINK_MS = 2;
    static final long SETTLE_LIMIT_MS = 600_000;
    static final int STABLE_BROADCASTS = 20;
    static final int HEALING_BROADCASTS = 10;
    /** Message ids each node remembers in these runs (see the constructor). */
    static final int SIM_CACHE_SIZE = 32;

    /**
     * What to run.
     *
     * @param nodes         network size
     * @param failure       fraction of nodes that crash at once, 0..1
     * @param broadcasts    broadcasts after the failure (0 to skip)
     * @param seed          the run seed
     * @param mode          flood (the paper) or Plumtree
     * @param crashNotice   how survivors learn of a crash
     * @param cycles        stabilisation cycles before the failure
     * @param healingCycles at most this many healing cycles after the failure (0 to skip); runs instead
     *                      of nothing else, after the broadcasts if both are asked for
     * @param wireCheck     whether every message goes through ProtoStream
     * @param pathSources   BFS roots for the shortest-path measures
     * @param settings      extra {@code hyparview.*} settings (the paper's defaults otherwise)
     */
    public record Config(int nodes, double failure, int broadcasts, long seed, BroadcastMode mode,
                         CrashNotice crashNotice, int cycles, int healingCycles, boolean wireCheck,
                         int pathSources, Map<String, String> settings) {
        public Config {
            if (nodes < 2) {
                throw new IllegalArgumentException("need at least 2 nodes, was " + nodes);
            }
            if (!(failure >= 0 && failure < 1)) {
                throw new IllegalArgumentException("failure must be a fraction in [0, 1), was " + failure);
            }
            settings = Map.copyOf(settings);
        }

        /** The paper's setting for {@code nodes}, {@code failure}, {@code broadcasts} and {@code seed}. */
        public static Config paper(int nodes, double failure, int broadcasts, long seed) {
            return new Config(nodes, failure, broadcasts, seed, BroadcastMode.FLOOD, CrashNotice.RESET, 50, 0,
                    false, 1_000, Map.of());
        }

        public Config withMode(BroadcastMode value) {
            return new Config(nodes, failure, broadcasts, seed, value, crashNotice, cycles, healingCycles, wireCheck, pathSources, settings);
        }

        public Config withHealingCycles(int value) {
            return new Config(nodes, failure, broadcasts, seed, mode, crashNotice, cycles, value, wireCheck, pathSources, settings);
        }

        public Config withWireCheck(boolean value) {
            return new Config(nodes, failure, broadcasts, seed, mode, crashNotice, cycles, healingCycles, value, pathSources, settings);
        }

        public Config withCycles(int value) {
            return new Config(nodes, failure, broadcasts, seed, mode, crashNotice, value, healingCycles, wireCheck, pathSources, settings);
        }
    }

    /** One broadcast's outcome. */
    public record BroadcastStats(double reliability, int lastDeliveryHop, long payloadMessages, int delivered) {
        /** Relative message redundancy: payload messages per delivery beyond the first, minus one. */
        public double rmr() {
            return delivered <= 1 ? 0 : (double) payloadMessages / (delivered - 1) - 1;
        }
    }

    private final Config config;
    private final Consumer<String> progress;
    private final SplittableRandom random;
    private final Simulation sim;
    private final List<NodeId> ids = new ArrayList<>();
    private final Map<NodeId, Integer> indexOf = new HashMap<>();
    private int delivered;
    private int lastHop;
    private long payloadMessages;
    /** Live nodes, counted once per membership change (-1: count again). */
    private int liveCount = -1;

    /** Prepares a run; {@code progress} hears a line now and then (e.g. stderr). */
    public PaperExperiment(Config config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
        this.random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        NetworkConditions conditions = NetworkConditions.defaults()
                .withLatency(LatencyModel.constant(LINK_MS))
                .withCrashNotice(config.crashNotice())
                .withWireCheck(config.wireCheck());
        Map<String, String> settings = new HashMap<>(config.settings());
        settings.put(HyParViewSettings.SHUFFLE_INTERVAL, "0");
        settings.put(HyParViewSettings.BROADCAST, config.mode().name().toLowerCase(java.util.Locale.ROOT));
        // each broadcast settles before the next, so a small id cache behaves exactly like an unbounded
        // one (the same trace), and 10,000 small caches stay in the CPU's cache: 3x faster than 2,048
        settings.putIfAbsent(HyParViewSettings.CACHE_SIZE, String.valueOf(SIM_CACHE_SIZE));
        this.sim = new Simulation(config.seed(), conditions, new HyParViewTopology(), settings);
        sim.observe(new SimObserver() {
            @Override
            public void sent(long now, NodeId from, NodeId to, Object message) {
                if (message instanceof Gossip) {
                    payloadMessages++;
                }
            }
        });
    }

    /** Runs the whole experiment. */
    public ExperimentResult run() {
        long started = System.nanoTime();
        join();
        progress.accept("joined " + config.nodes() + " nodes");
        for (int cycle = 1; cycle <= config.cycles(); cycle++) {
            shuffleRound();
            if (cycle % 10 == 0) {
                progress.accept("cycle " + cycle + "/" + config.cycles());
            }
        }
        OverlayGraph stable = graph();
        OverlayGraph.PathStats paths = stable.pathStats(config.pathSources(), random.split());
        List<BroadcastStats> stableRuns = new ArrayList<>();
        NodeId sender = ids.get(random.nextInt(ids.size()));
        for (int i = 0; i < STABLE_BROADCASTS; i++) {
            stableRuns.add(broadcastFrom(sender));
        }
        progress.accept("stable overlay measured; failing " + Math.round(config.failure() * 100) + "%");

        fail();
        List<BroadcastStats> afterFailure = new ArrayList<>();
        for (int i = 0; i < config.broadcasts(); i++) {
            afterFailure.add(broadcastFrom(randomLive()));
            if ((i + 1) % 200 == 0) {
                progress.accept("broadcast " + (i + 1) + "/" + config.broadcasts());
            }
        }
        List<Double> healing = new ArrayList<>();
        for (int cycle = 1; cycle <= config.healingCycles(); cycle++) {
            double sum = 0;
            for (int i = 0; i < HEALING_BROADCASTS; i++) {
                sum += broadcastFrom(randomLive()).reliability();
            }
            healing.add(sum / HEALING_BROADCASTS);
            if (sum == HEALING_BROADCASTS) {
                break;
            }
            shuffleRound();
        }
        settle();
        OverlayGraph after = graph();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new ExperimentResult(config, stable.size(), stable.isConnected(), stable.asymmetricEdges(),
                stable.inDegreeHistogram(), stable.outDegreeHistogram(), stable.clusteringCoefficient(), paths,
                stableRuns, after.size(), after.isConnected(), after.asymmetricEdges(), afterFailure, healing,
                after.componentSizes(), sim.messagesSent(), elapsed, sim.trace().value());
    }

    // ---------------------------------------------------------------- phases

    private void join() {
        NodeId contact = start(0);
        for (int i = 1; i < config.nodes(); i++) {
            NodeId node = start(i);
            sim.join(node, contact);
            settle();
            if ((i + 1) % 2_000 == 0) {
                progress.accept("joined " + (i + 1) + "/" + config.nodes());
            }
        }
    }

    private NodeId start(int i) {
        NodeId id = sim.start("n" + i);
        ids.add(id);
        liveCount = -1;
        indexOf.put(id, i);
        sim.protocol(id, HyParViewProtocol.class).onDeliver((messageId, payload, hops) -> {
            delivered++;
            lastHop = Math.max(lastHop, hops);
        });
        return id;
    }

    /** Every live node shuffles once, at a random moment of the cycle. */
    private void shuffleRound() {
        long start = sim.now();
        for (NodeId id : ids) {
            if (sim.isRunning(id)) {
                sim.invokeAt(start + random.nextLong(CYCLE_MS), id, HyParViewProtocol.class, p -> p.shuffle(sim.now()));
            }
        }
        sim.runFor(CYCLE_MS);
        settle();
    }

    private void fail() {
        int victims = (int) Math.floor(config.failure() * config.nodes());
        List<NodeId> shuffled = new ArrayList<>(ids);
        for (int i = 0; i < victims; i++) {
            int j = i + random.nextInt(shuffled.size() - i);
            NodeId victim = shuffled.get(j);
            shuffled.set(j, shuffled.get(i));
            shuffled.set(i, victim);
            sim.crash(victim);
        }
        liveCount = -1;
    }

    private BroadcastStats broadcastFrom(NodeId sender) {
        delivered = 0;
        lastHop = 0;
        payloadMessages = 0;
        sim.invoke(sender, HyParViewProtocol.class, p -> p.broadcast(sim.now(), new byte[] {1}));
        settle();
        int live = liveCount();
        return new BroadcastStats((double) delivered / live, lastHop, payloadMessages, delivered);
    }

    private void settle() {
        if (!sim.runUntilQuiet(SETTLE_LIMIT_MS)) {
            throw new IllegalStateException("seed " + config.seed() + ": the network did not settle within "
                    + SETTLE_LIMIT_MS + " ms of virtual time");
        }
    }

    // ---------------------------------------------------------------- observation

    private NodeId randomLive() {
        for (int attempt = 0; attempt < 1_000_000; attempt++) {
            NodeId candidate = ids.get(random.nextInt(ids.size()));
            if (sim.isRunning(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no live node found");
    }

    private int liveCount() {
        if (liveCount >= 0) {
            return liveCount;
        }
        int live = 0;
        for (NodeId id : ids) {
            if (sim.isRunning(id)) {
                live++;
            }
        }
        liveCount = live;
        return live;
    }

    /** The active-view graph of the live nodes, dead entries left out. */
    OverlayGraph graph() {
        Map<NodeId, Integer> dense = new HashMap<>();
        List<NodeId> live = new ArrayList<>();
        for (NodeId id : ids) {
            if (sim.isRunning(id)) {
                dense.put(id, live.size());
                live.add(id);
            }
        }
        List<int[]> out = new ArrayList<>(live.size());
        for (NodeId id : live) {
            List<NodeId> view = sim.protocol(id, HyParViewProtocol.class).activeView();
            out.add(view.stream().map(dense::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray());
        }
        return OverlayGraph.of(out);
    }

    /** The simulation, for tests that look further. */
    Simulation simulation() {
        return sim;
    }

    /** Every node started, in start order. */
    List<NodeId> nodes() {
        return List.copyOf(ids);
    }
}
