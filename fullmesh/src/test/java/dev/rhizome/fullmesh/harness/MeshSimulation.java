package dev.rhizome.fullmesh.harness;

import dev.rhizome.fullmesh.FullMeshTopology;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.codec.ProtoStreamCodec;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A deterministic network for full-mesh protocols: virtual time, one seeded event queue, and the
 * runtime's contract played by the book.
 *
 * <ul>
 *   <li>One control connection per pair of nodes. {@code Connect} keeps it up (redialled every
 *       {@value #REDIAL_MS} ms); {@code Disconnect} closes it; {@code Dial} answers with
 *       {@code ConnectionUp} or {@code DialFailed}.</li>
 *   <li>Every event on a directed link (up, message, down) arrives after 1 to {@value #MAX_LATENCY_MS}
 *       ms, in FIFO order, like TCP. Messages are encoded and decoded with ProtoStream on the way, so
 *       every scenario also checks the schema.</li>
 *   <li>Faults: {@link #crash} (the process dies, peers see a reset), {@link #freeze} and {@link #thaw}
 *       (the process hangs: connections stay up but nothing moves), {@link #partition} and
 *       {@link #heal}.</li>
 * </ul>
 *
 * <p>The same seed gives the same run; tests print it when they fail.
 */
public final class MeshSimulation {

    static final long REDIAL_MS = 100;
    static final int MAX_LATENCY_MS = 5;
    static final long DIAL_TIMEOUT_MS = 1_000;
    static final String HOST = "10.0.0.1";

    /** A membership event and when a node emitted it. */
    public record Timed(long atMillis, NodeId node, MembershipEvent event) {}

    private record Scheduled(long at, long order, Runnable action) {}

    private record Pair(NodeId a, NodeId b) {
        static Pair of(NodeId x, NodeId y) {
            return x.compareTo(y) <= 0 ? new Pair(x, y) : new Pair(y, x);
        }

        boolean touches(NodeId node) {
            return a.equals(node) || b.equals(node);
        }

        NodeId other(NodeId node) {
            return a.equals(node) ? b : a;
        }
    }

    private record Directed(NodeId from, NodeId to) {}

    private final class Node {
        final NodeId id;
        final Protocol protocol;
        final ProtoStreamCodec codec;
        final Set<NodeId> wanted = new TreeSet<>();
        final Map<Object, Long> timers = new HashMap<>();
        final List<Timed> events = new ArrayList<>();
        final List<Input> backlog = new ArrayList<>();
        boolean frozen;

        Node(NodeId id, Protocol protocol) {
            this.id = id;
            this.protocol = protocol;
            this.codec = new ProtoStreamCodec(protocol.schemas());
        }
    }

    private final long seed;
    private final Random random;
    private final Map<String, String> settings;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
    private final Map<NodeId, Node> nodes = new TreeMap<>();
    private final Map<Pair, Object> links = new HashMap<>();
    private final Map<Directed, Long> lastArrival = new HashMap<>();
    private final Set<Pair> cut = new HashSet<>();
    private final Map<String, Long> incarnations = new TreeMap<>();
    private final List<Timed> allEvents = new ArrayList<>();
    private long now;
    private long order;
    private long timerGeneration;
    private int nextPort = 7001;
    private long messagesDelivered;

    /** A simulation with the given seed and protocol settings (absent ones take their defaults). */
    public MeshSimulation(long seed, Map<String, String> settings) {
        this.seed = seed;
        this.random = new Random(seed);
        this.settings = Map.copyOf(settings);
        schedule(REDIAL_MS, this::redialAll);
    }

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    // ---------------------------------------------------------------- driving

    /** Starts a node called {@code name} on a fresh port, with the next incarnation of that name. */
    public NodeId start(String name) {
        return start(name, nextPort++);
    }

    /** Starts a node called {@code name} on {@code port}, with the next incarnation of that name. */
    public NodeId start(String name, int port) {
        long incarnation = incarnations.merge(name, 1L, Long::sum);
        NodeId id = new NodeId(name, HOST, port, incarnation);
        ProtocolContext context = new ProtocolContext(NodeSpec.of(id),
                List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT), new Random(random.nextLong()), settings);
        Protocol protocol = new FullMeshTopology().create(context);
        nodes.put(id, new Node(id, protocol));
        deliver(id, new Input.Start());
        return id;
    }

    /** Tells {@code node} to join through {@code seed}. */
    public void join(NodeId node, NodeId seed) {
        deliver(node, new Input.Join(seed.address()));
    }

    /** Tells {@code node} to leave gracefully. */
    public void leave(NodeId node) {
        deliver(node, new Input.Leave());
    }

    /** Kills {@code node}: its connections reset, its address refuses connections. */
    public void crash(NodeId node) {
        Node dead = nodes.remove(node);
        if (dead == null) {
            throw new IllegalArgumentException(node + " is not running");
        }
        for (Pair pair : List.copyOf(links.keySet())) {
            if (pair.touches(node)) {
                close(pair);
            }
        }
    }

    /**
     * Hangs {@code node} (a long GC pause, SIGSTOP): it stops processing and sending, its connections
     * stay open, new connections to it do not complete, and what arrives waits in its backlog.
     */
    public void freeze(NodeId node) {
        nodes.get(node).frozen = true;
    }

    /** Resumes a frozen node: it works through its backlog (late timers included) at once. */
    public void thaw(NodeId node) {
        Node paused = nodes.get(node);
        paused.frozen = false;
        List<Input> backlog = List.copyOf(paused.backlog);
        paused.backlog.clear();
        for (Input input : backlog) {
            deliver(node, input);
        }
    }

    /** Cuts every link between {@code side} and the other running nodes until {@link #heal()}. */
    public void partition(Set<NodeId> side) {
        for (NodeId a : side) {
            for (NodeId b : nodes.keySet()) {
                if (!side.contains(b)) {
                    Pair pair = Pair.of(a, b);
                    cut.add(pair);
                    if (links.containsKey(pair)) {
                        close(pair);
                    }
                }
            }
        }
    }

    /** Removes every partition. */
    public void heal() {
        cut.clear();
    }

    /** Runs the event queue for {@code millis} of virtual time. */
    public void runFor(long millis) {
        long until = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            step();
        }
        now = until;
    }

    /**
     * Runs until {@code condition} holds (checked after every event) or {@code maxMillis} pass.
     *
     * @return whether the condition came true
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long until = now + maxMillis;
        if (condition.getAsBoolean()) {
            return true;
        }
        while (!queue.isEmpty() && queue.peek().at <= until) {
            step();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        now = until;
        return condition.getAsBoolean();
    }

    // ---------------------------------------------------------------- observing

    /** The nodes running now (frozen ones included), in order. */
    public SortedSet<NodeId> running() {
        return new TreeSet<>(nodes.keySet());
    }

    /** {@code node}'s protocol. */
    public Protocol protocol(NodeId node) {
        return nodes.get(node).protocol;
    }

    /** {@code node}'s current view. */
    public SortedSet<NodeId> members(NodeId node) {
        return nodes.get(node).protocol.members();
    }

    /** Every membership event {@code node} has emitted, oldest first. */
    public List<Timed> events(NodeId node) {
        return List.copyOf(nodes.get(node).events);
    }

    /** Every membership event of every node, crashed ones included, oldest first. */
    public List<Timed> allEvents() {
        return List.copyOf(allEvents);
    }

    /** Whether every node in {@code group} sees exactly {@code group}. */
    public boolean viewsAre(Set<NodeId> group) {
        for (NodeId node : group) {
            if (!nodes.containsKey(node) || !members(node).equals(group)) {
                return false;
            }
        }
        return true;
    }

    /** Messages delivered so far. */
    public long messagesDelivered() {
        return messagesDelivered;
    }

    /** Every running node's view, one line each, for failure messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("seed=" + seed + " t=" + now + "ms\n");
        for (Node node : nodes.values()) {
            text.append("  ").append(node.id).append(node.frozen ? " (frozen)" : "")
                    .append(" sees ").append(node.protocol.members()).append('\n');
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- the runtime's side

    private void step() {
        Scheduled next = queue.poll();
        now = Math.max(now, next.at);
        next.action.run();
    }

    private void schedule(long delay, Runnable action) {
        queue.add(new Scheduled(now + delay, order++, action));
    }

    private int latency() {
        return 1 + random.nextInt(MAX_LATENCY_MS);
    }

    /** Delivers {@code input} to {@code to} over the directed link from {@code from}, in FIFO order. */
    private void overLink(NodeId from, NodeId to, Input input) {
        Directed link = new Directed(from, to);
        long at = Math.max(now + latency(), lastArrival.getOrDefault(link, 0L));
        lastArrival.put(link, at);
        queue.add(new Scheduled(at, order++, () -> deliver(to, input)));
    }

    private void deliver(NodeId to, Input input) {
        Node node = nodes.get(to);
        if (node == null) {
            return;
        }
        if (node.frozen) {
            node.backlog.add(input);
            return;
        }
        List<Output> outputs = node.protocol.handle(now, input);
        for (Output output : outputs) {
            perform(node, output);
        }
    }

    private void perform(Node node, Output output) {
        switch (output) {
            case Output.Send send -> send(node, send.to(), send.message());
            case Output.Connect connect -> {
                node.wanted.add(connect.peer());
                establish(node.id, connect.peer());
            }
            case Output.Disconnect disconnect -> {
                node.wanted.remove(disconnect.peer());
                Pair pair = Pair.of(node.id, disconnect.peer());
                if (links.containsKey(pair)) {
                    close(pair);
                }
            }
            case Output.Dial dial -> dial(node, dial.address());
            case Output.SetTimer timer -> setTimer(node, timer.key(), timer.atMillis());
            case Output.CancelTimer cancel -> node.timers.remove(cancel.key());
            case Output.Emit emit -> {
                Timed timed = new Timed(now, node.id, emit.event());
                node.events.add(timed);
                allEvents.add(timed);
            }
        }
    }

    private void send(Node from, NodeId to, Object message) {
        Pair pair = Pair.of(from.id, to);
        Object link = links.get(pair);
        if (link == null) {
            return; // no connection: the runtime would fail the send
        }
        Object decoded = from.codec.decode(from.codec.encode(message));
        Directed directed = new Directed(from.id, to);
        long at = Math.max(now + latency(), lastArrival.getOrDefault(directed, 0L));
        lastArrival.put(directed, at);
        queue.add(new Scheduled(at, order++, () -> {
            if (links.get(pair) == link) { // a message dies with its connection
                messagesDelivered++;
                deliver(to, new Input.Received(from.id, decoded));
            }
        }));
    }

    private void dial(Node from, InetSocketAddress address) {
        NodeId target = null;
        for (Node candidate : nodes.values()) {
            if (candidate.id.port() == address.getPort() && candidate.id.host().equals(address.getHostString())) {
                target = candidate.id;
            }
        }
        if (target == null || cut.contains(Pair.of(from.id, target))) {
            schedule(latency(), () -> deliver(from.id, new Input.DialFailed(address, "connection refused")));
        } else if (nodes.get(target).frozen) {
            schedule(DIAL_TIMEOUT_MS, () -> deliver(from.id, new Input.DialFailed(address, "handshake timed out")));
        } else if (links.containsKey(Pair.of(from.id, target))) {
            overLink(target, from.id, new Input.ConnectionUp(target)); // already connected: answer at once
        } else {
            establish(from.id, target);
        }
    }

    private void establish(NodeId a, NodeId b) {
        Pair pair = Pair.of(a, b);
        Node peer = nodes.get(b);
        if (links.containsKey(pair) || peer == null || peer.frozen || !nodes.containsKey(a)
                || nodes.get(a).frozen || cut.contains(pair)) {
            return;
        }
        links.put(pair, new Object());
        overLink(b, a, new Input.ConnectionUp(b));
        overLink(a, b, new Input.ConnectionUp(a));
    }

    private void close(Pair pair) {
        links.remove(pair);
        overLink(pair.b(), pair.a(), new Input.ConnectionDown(pair.b()));
        overLink(pair.a(), pair.b(), new Input.ConnectionDown(pair.a()));
    }

    private void setTimer(Node node, Object key, long atMillis) {
        long generation = ++timerGeneration;
        node.timers.put(key, generation);
        queue.add(new Scheduled(Math.max(atMillis, now), order++, () -> {
            if (node.timers.remove(key, generation)) {
                deliver(node.id, new Input.TimerFired(key));
            }
        }));
    }

    /** The runtime's reconnect loop: every wanted connection that is down is tried again. */
    private void redialAll() {
        for (Node node : List.copyOf(nodes.values())) {
            if (!node.frozen) {
                for (NodeId peer : node.wanted) {
                    establish(node.id, peer);
                }
            }
        }
        schedule(REDIAL_MS, this::redialAll);
    }
}
