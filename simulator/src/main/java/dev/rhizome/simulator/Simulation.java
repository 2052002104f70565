package dev.rhizome.simulator;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A deterministic network of simulated nodes, each running a sans-IO {@link Protocol}, with this class
 * playing the node runtime's part by the SPI's contract.
 *
 * <pre>
 *   start/join/leave/invoke ──▶ Protocol.handle(now, input) ──▶ outputs
 *                                   ▲                              │
 *                                   │   EventQueue (time, order)   ▼
 *   Received / ConnectionUp/Down ◀──┴── Links (FIFO, latency, loss) ◀── Send / Connect / Dial / Disconnect
 *   TimerFired                     ◀──────── timers ◀─────────────────── SetTimer / CancelTimer
 * </pre>
 *
 * <ul>
 *   <li><b>Connections.</b> One connection per pair of nodes stands for all their channels.
 *       {@code Connect} opens it and keeps it wanted: when it drops while both ends live, the runtime
 *       redials with back-off. {@code Dial} opens one to an address, answered by {@code ConnectionUp} or
 *       {@code DialFailed}; dialling an already connected peer answers {@code ConnectionUp} again.
 *       {@code Disconnect} is a graceful close: what the closing side already sent still arrives, then
 *       the peer sees {@code ConnectionDown}; the closing side gets its own {@code ConnectionDown} at once.
 *       {@code ConnectionDown} means "no connection to that peer is left": when an old connection's
 *       close arrives after a new one to the same peer came up, it is not reported.
 *       A {@code Send} without an open connection is dropped and counted, as the runtime would fail it.</li>
 *   <li><b>Faults.</b> {@link #crash} (peers notice per {@link CrashNotice}), {@link #restart} (a new
 *       incarnation at the same address), {@link #freeze} and {@link #thaw} (a hung process: connections
 *       stay up, inputs wait), {@link #partition} and {@link #heal}, and message loss.</li>
 *   <li><b>Randomness.</b> Each node's protocol gets its own generator seeded from the run seed, its name
 *       and incarnation; the network draws from another. Same seed, same run: see {@link #trace()}.</li>
 * </ul>
 */
public final class Simulation {

    /** The host prefix of simulated addresses: node {@code i} listens on {@code 10.x.y.z:7000}. */
    static final int PORT = 7000;

    private final long seed;
    private final NetworkConditions conditions;
    private final Function<ProtocolContext, Protocol> factory;
    private final Map<String, String> settings;
    private final SplittableRandom network;
    private final EventQueue queue = new EventQueue();
    private final TraceHash trace = new TraceHash();
    private final WireCheck wireCheck = new WireCheck();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<NodeId, SimNode> byId = new HashMap<>();
    private final Map<String, SimNode> byAddress = new HashMap<>();
    private final Map<String, SimNode> latestByName = new HashMap<>();
    private SimObserver observer = new SimObserver() {};
    private long now;
    private int nextGroup = 1;

    private long messagesSent;
    private long messagesDelivered;
    private long messagesLost;
    private long sendsWithoutConnection;

    /** A simulation of {@code topology}'s protocol, with {@code settings} validated by the topology. */
    public Simulation(long seed, NetworkConditions conditions, Topology topology, Map<String, String> settings) {
        this(seed, conditions, topology::create, validated(topology, settings));
    }

    /** A simulation of whatever protocol {@code factory} creates for each node. */
    public Simulation(long seed, NetworkConditions conditions, Function<ProtocolContext, Protocol> factory,
                      Map<String, String> settings) {
        this.seed = seed;
        this.conditions = conditions;
        this.factory = factory;
        this.settings = Map.copyOf(settings);
        this.network = new SplittableRandom(seed);
    }

    private static Map<String, String> validated(Topology topology, Map<String, String> settings) {
        topology.validate(settings);
        return settings;
    }

    /** Replaces the observer (one at a time). */
    public void observe(SimObserver value) {
        this.observer = value;
    }

    // ================================================================ driving

    /** Starts a node called {@code name} at a fresh address and gives it {@code Start}. */
    public NodeId start(String name) {
        if (latestByName.containsKey(name)) {
            throw new IllegalArgumentException(name + " was started before; use restart(name)");
        }
        int index = nodes.size();
        String host = "10." + ((index >>> 16) & 0xFF) + "." + ((index >>> 8) & 0xFF) + "." + (index & 0xFF);
        return launch(new NodeId(name, host, PORT, 1));
    }

    /**
     * Starts a crashed or stopped node again at its old address, as the next incarnation of its name. A
     * {@linkplain #freeze frozen} incarnation may be replaced too: it keeps hanging, with its open
     * connections, while the new one takes over the address (a supervisor starting a fresh process
     * beside a hung one).
     */
    public NodeId restart(String name) {
        SimNode previous = latestByName.get(name);
        if (previous == null || (previous.alive && !previous.frozen)) {
            throw new IllegalArgumentException(name + " is " + (previous == null ? "unknown" : "still running"));
        }
        NodeId old = previous.id;
        return launch(new NodeId(name, old.host(), old.port(), old.incarnation() + 1));
    }

    private NodeId launch(NodeId id) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
                ^ ((long) id.name().hashCode() << 20) ^ id.incarnation());
        ProtocolContext context = new ProtocolContext(NodeSpec.of(id),
                List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT), random, settings);
        SimNode node = new SimNode(nodes.size(), id, id.hostPort(), factory.apply(context));
        nodes.add(node);
        byId.put(id, node);
        byAddress.put(node.address, node);
        latestByName.put(id.name(), node);
        deliver(node, new Input.Start(), -1);
        return id;
    }

    /** Tells {@code node} to join through {@code contact}. */
    public void join(NodeId node, NodeId contact) {
        deliver(running(node), new Input.Join(contact.address()), -1);
    }

    /** Tells {@code node} to leave gracefully; the process keeps running until {@link #stop}. */
    public void leave(NodeId node) {
        deliver(running(node), new Input.Leave(), -1);
    }

    /** Calls a command on {@code node}'s protocol now and performs the outputs it returns. */
    public <P extends Protocol> void invoke(NodeId node, Class<P> type, Function<P, List<Output>> command) {
        SimNode target = running(node);
        trace.add(now, target.index, 9, -1, 0);
        performAll(target, command.apply(type.cast(target.protocol)));
    }

    /** Schedules {@link #invoke} at virtual time {@code atMillis}; skipped if the node is gone by then. */
    public <P extends Protocol> void invokeAt(long atMillis, NodeId node, Class<P> type,
                                              Function<P, List<Output>> command) {
        SimNode target = running(node);
        schedule(new EventQueue.Event() {
            @Override
            void run() {
                if (target.alive) {
                    invoke(target.id, type, command);
                }
            }
        }, atMillis);
    }

    /** Kills {@code node} at once: no goodbye, in-flight messages to it are lost. */
    public void crash(NodeId node) {
        SimNode dead = running(node);
        bury(dead);
        for (Link link : List.copyOf(dead.links.values())) {
            SimNode peer = link.other(dead);
            link.closeAt(dead);
            if (conditions.crashNotice() == CrashNotice.RESET) {
                peer.links.remove(dead.id);
                deliverOver(link, dead, peer, new Input.ConnectionDown(dead.id));
            } else {
                link.peerCrashed = true;
            }
        }
        dead.links.clear();
    }

    /** Stops {@code node} gracefully: every connection closes as if by {@code Disconnect}, then it is gone. */
    public void stop(NodeId node) {
        SimNode stopping = running(node);
        for (NodeId peer : List.copyOf(stopping.links.keySet())) {
            close(stopping, peer, false);
        }
        bury(stopping);
    }

    private void bury(SimNode node) {
        node.alive = false;
        node.frozen = false;
        node.backlog.clear();
        node.wanted.clear();
        for (TimerEvent timer : node.timers.values()) {
            timer.cancelled = true;
        }
        node.timers.clear();
        byAddress.remove(node.address, node);
    }

    /**
     * Hangs {@code node}, as a long GC pause or SIGSTOP would: it handles nothing and sends nothing, its
     * open connections stay open, new connections to it do not complete (dials time out), and every
     * input that reaches it (messages, connection events, its own timers) waits until {@link #thaw}.
     */
    public void freeze(NodeId node) {
        running(node).frozen = true;
    }

    /** Resumes a frozen node: it handles its whole backlog, late timers included, at once. */
    public void thaw(NodeId node) {
        SimNode paused = running(node);
        if (!paused.frozen) {
            return;
        }
        paused.frozen = false;
        List<SimNode.Waiting> backlog = List.copyOf(paused.backlog);
        paused.backlog.clear();
        for (SimNode.Waiting waiting : backlog) {
            deliver(paused, waiting.input(), waiting.from());
        }
    }

    /** Whether {@code node} is running but {@linkplain #freeze frozen}. */
    public boolean isFrozen(NodeId node) {
        SimNode found = byId.get(node);
        return found != null && found.alive && found.frozen;
    }

    /**
     * Cuts {@code side} off from every other node until {@link #heal}: connections across the cut drop
     * (both ends notice after one latency) and dials across it time out.
     */
    public void partition(Set<NodeId> side) {
        int group = nextGroup++;
        for (NodeId id : side) {
            running(id).group = group;
        }
        for (NodeId id : side) {
            SimNode node = byId.get(id);
            for (Link link : List.copyOf(node.links.values())) {
                SimNode peer = link.other(node);
                if (peer.group != group) {
                    node.links.remove(peer.id);
                    peer.links.remove(node.id);
                    link.closeAt(node);
                    link.closeAt(peer);
                    schedule(new Delivery(node, new Input.ConnectionDown(peer.id), peer.index, null), now + latency());
                    schedule(new Delivery(peer, new Input.ConnectionDown(node.id), node.index, null), now + latency());
                }
            }
        }
    }

    /** Ends every partition; the runtime's redials reconnect what is still wanted. */
    public void heal() {
        for (SimNode node : nodes) {
            node.group = 0;
        }
    }

    // ================================================================ running

    /** Runs every event up to {@code millis} of virtual time from now. */
    public void runFor(long millis) {
        long until = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            step();
        }
        now = until;
    }

    /** Runs until {@code condition} holds (checked after each event) or {@code maxMillis} pass. */
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

    /**
     * Runs until nothing but background work (reconnect attempts) is pending, or {@code maxMillis} pass.
     * Pending timers count as work, so a protocol with periodic timers is never quiet.
     *
     * @return whether the network went quiet
     */
    public boolean runUntilQuiet(long maxMillis) {
        long until = now + maxMillis;
        while (queue.hasForeground() && queue.peek().at <= until) {
            step();
        }
        if (queue.hasForeground()) {
            now = until;
            return false;
        }
        return true;
    }

    private void step() {
        EventQueue.Event next = queue.poll();
        now = Math.max(now, next.at);
        next.run();
    }

    // ================================================================ observing

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    /** The fingerprint of every input delivered so far. */
    public TraceHash trace() {
        return trace;
    }

    /** Whether {@code node} (that exact incarnation) is running. */
    public boolean isRunning(NodeId node) {
        SimNode found = byId.get(node);
        return found != null && found.alive;
    }

    /** Every running node, in start order. */
    public List<NodeId> running() {
        List<NodeId> ids = new ArrayList<>();
        for (SimNode node : nodes) {
            if (node.alive) {
                ids.add(node.id);
            }
        }
        return ids;
    }

    /** {@code node}'s protocol, running or not. */
    public Protocol protocol(NodeId node) {
        SimNode found = byId.get(node);
        if (found == null) {
            throw new IllegalArgumentException("no node " + node);
        }
        return found.protocol;
    }

    /** {@code node}'s protocol as {@code type}. */
    public <P extends Protocol> P protocol(NodeId node, Class<P> type) {
        return type.cast(protocol(node));
    }

    /** Whether {@code a} holds an open connection to {@code b}. */
    public boolean connected(NodeId a, NodeId b) {
        SimNode node = byId.get(a);
        return node != null && node.alive && node.links.containsKey(b);
    }

    /** The peers {@code node} has open connections to. */
    public Collection<NodeId> connections(NodeId node) {
        return List.copyOf(running(node).links.keySet());
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    public long messagesLost() {
        return messagesLost;
    }

    /** Sends dropped because no connection to the peer was open. */
    public long sendsWithoutConnection() {
        return sendsWithoutConnection;
    }

    /** Events waiting in the queue. */
    public int pendingEvents() {
        return queue.size();
    }

    // ================================================================ the runtime's side

    private SimNode running(NodeId id) {
        SimNode node = byId.get(id);
        if (node == null || !node.alive) {
            throw new IllegalArgumentException(id + " is not running");
        }
        return node;
    }

    private long latency() {
        return conditions.latency().sampleMillis(network);
    }

    private void schedule(EventQueue.Event event, long at) {
        event.at = Math.max(at, now);
        queue.add(event);
    }

    private void deliver(SimNode node, Input input, int from) {
        if (!node.alive) {
            return;
        }
        if (node.frozen) {
            node.backlog.add(new SimNode.Waiting(input, from));
            return;
        }
        trace.add(now, node.index, kind(input), from, detail(input));
        performAll(node, node.protocol.handle(now, input));
    }

    private void performAll(SimNode node, List<Output> outputs) {
        for (int i = 0, n = outputs.size(); i < n && node.alive; i++) {
            perform(node, outputs.get(i));
        }
    }

    private void perform(SimNode node, Output output) {
        if (output instanceof Output.Send send) { // the hot path, ahead of the type switch
            send(node, send.to(), send.message());
            return;
        }
        switch (output) {
            case Output.Send send -> send(node, send.to(), send.message());
            case Output.Connect connect -> {
                if (!connect.peer().equals(node.id)) {
                    node.wanted.add(connect.peer());
                    connect(node, connect.peer());
                }
            }
            case Output.Dial dial -> dial(node, dial.address());
            case Output.Disconnect disconnect -> {
                node.wanted.remove(disconnect.peer());
                close(node, disconnect.peer(), true);
            }
            case Output.SetTimer set -> setTimer(node, set.key(), set.atMillis());
            case Output.CancelTimer cancel -> {
                TimerEvent timer = node.timers.remove(cancel.key());
                if (timer != null) {
                    timer.cancelled = true;
                }
            }
            case Output.Emit emit -> observer.emitted(now, node.id, emit.event());
            case Output.Deliver deliver -> { } // a broadcast reached this node's application: nothing to simulate
        }
    }

    private void send(SimNode from, NodeId to, Object message) {
        Link link = from.links.get(to);
        if (link == null) {
            sendsWithoutConnection++;
            return;
        }
        if (link.peerCrashed) { // the write fails: now the sender learns the peer is gone
            from.links.remove(to);
            link.closeAt(from);
            schedule(new Delivery(from, new Input.ConnectionDown(to), link.other(from).index, null), now + latency());
            messagesLost++;
            return;
        }
        messagesSent++;
        observer.sent(now, from.id, to, message);
        if (conditions.lossRate() > 0 && network.nextDouble() < conditions.lossRate()) {
            messagesLost++;
            return;
        }
        Object payload = conditions.wireCheck() ? wireCheck.roundTrip(from.protocol, message) : message;
        deliverOver(link, from, link.other(from), new Input.Received(from.id, payload));
    }

    /** Schedules {@code input} at {@code to} over {@code link}, FIFO, lost if {@code to}'s end closes first. */
    private void deliverOver(Link link, SimNode from, SimNode to, Input input) {
        long at = link.arrival(to, now, latency());
        schedule(new Delivery(to, input, from.index, link), at);
    }

    private void connect(SimNode node, NodeId peerId) {
        if (node.links.containsKey(peerId)) {
            return;
        }
        SimNode peer = byId.get(peerId);
        if (peer == null || !peer.alive) {
            return; // that incarnation is gone for good; the runtime's retries would never succeed
        }
        if (peer.group != node.group || peer.frozen) {
            scheduleRedial(node, peerId, conditions.redialMillis());
            return;
        }
        establish(node, peer);
    }

    private void establish(SimNode a, SimNode b) {
        Link link = new Link(a, b);
        a.links.put(b.id, link);
        b.links.put(a.id, link);
        deliverOver(link, a, b, new Input.ConnectionUp(a.id));
        deliverOver(link, b, a, new Input.ConnectionUp(b.id));
    }

    private void dial(SimNode node, InetSocketAddress address) {
        SimNode target = byAddress.get(address.getHostString() + ":" + address.getPort());
        if (target == null || target == node) {
            schedule(new Delivery(node, new Input.DialFailed(address, "connection refused"), -1, null), now + latency());
        } else if (target.group != node.group) {
            schedule(new Delivery(node, new Input.DialFailed(address, "connect timed out"), -1, null),
                    now + conditions.dialTimeoutMillis());
        } else if (target.frozen) {
            schedule(new Delivery(node, new Input.DialFailed(address, "handshake timed out"), -1, null),
                    now + conditions.dialTimeoutMillis());
        } else {
            Link existing = node.links.get(target.id);
            if (existing != null) {
                deliverOver(existing, target, node, new Input.ConnectionUp(target.id));
            } else {
                establish(node, target);
            }
        }
    }

    /** Closes {@code node}'s connection to {@code peerId} gracefully, if there is one. */
    private void close(SimNode node, NodeId peerId, boolean tellSelf) {
        Link link = node.links.remove(peerId);
        if (link == null) {
            return;
        }
        SimNode peer = link.other(node);
        peer.links.remove(node.id);
        link.closeAt(node);
        if (link.peerCrashed) {
            return;
        }
        deliverOver(link, node, peer, new Input.ConnectionDown(node.id));
        if (tellSelf) {
            schedule(new Delivery(node, new Input.ConnectionDown(peerId), peer.index, null), now);
        }
    }

    private void setTimer(SimNode node, Object key, long atMillis) {
        TimerEvent timer = new TimerEvent(node, key);
        TimerEvent replaced = node.timers.put(key, timer);
        if (replaced != null) {
            replaced.cancelled = true;
        }
        schedule(timer, atMillis);
    }

    private void scheduleRedial(SimNode node, NodeId peer, long backoff) {
        Redial redial = new Redial(node, peer, backoff);
        redial.background = true;
        schedule(redial, now + backoff);
    }

    private static int kind(Input input) {
        if (input instanceof Input.Received) {
            return 7;
        }
        return switch (input) {
            case Input.Start s -> 1;
            case Input.Join j -> 2;
            case Input.Leave l -> 3;
            case Input.ConnectionUp u -> 4;
            case Input.ConnectionDown d -> 5;
            case Input.DialFailed f -> 6;
            case Input.Received r -> 7;
            case Input.TimerFired t -> 8;
            case Input.Broadcast b -> 9;
        };
    }

    private static int detail(Input input) {
        if (input instanceof Input.Received received) {
            return TraceHash.stableHash(received.message());
        }
        return switch (input) {
            case Input.Received received -> TraceHash.stableHash(received.message());
            case Input.TimerFired timer -> TraceHash.stableHash(timer.key());
            default -> 0;
        };
    }

    // ================================================================ events

    /** An input arriving at a node, over a connection or (when {@code link} is null) from its runtime. */
    private final class Delivery extends EventQueue.Event {
        private final SimNode to;
        private final Input input;
        private final int from;
        private final Link link;

        Delivery(SimNode to, Input input, int from, Link link) {
            this.to = to;
            this.input = input;
            this.from = from;
            this.link = link;
        }

        @Override
        void run() {
            if (!to.alive || (link != null && !link.isOpenAt(to))) {
                if (input instanceof Input.Received) {
                    messagesLost++;
                }
                return;
            }
            if (input instanceof Input.Received) {
                messagesDelivered++;
            } else if (input instanceof Input.ConnectionDown down) {
                if (link != null) {
                    link.closeAt(to);
                    to.links.remove(down.peer(), link);
                }
                if (to.links.containsKey(down.peer())) {
                    return; // an older connection went; a newer one to the same peer is up
                }
            }
            deliver(to, input, from);
            if (input instanceof Input.ConnectionDown down && to.alive && to.wanted.contains(down.peer())
                    && !to.links.containsKey(down.peer())) {
                scheduleRedial(to, down.peer(), conditions.redialMillis());
            }
        }
    }

    /** A protocol timer; cancelled when replaced or cancelled. */
    final class TimerEvent extends EventQueue.Event {
        private final SimNode node;
        private final Object key;
        boolean cancelled;

        TimerEvent(SimNode node, Object key) {
            this.node = node;
            this.key = key;
        }

        @Override
        void run() {
            if (cancelled || !node.alive) {
                return;
            }
            node.timers.remove(key, this);
            deliver(node, new Input.TimerFired(key), -1);
        }
    }

    /** The runtime retrying a wanted connection, with doubling back-off. */
    private final class Redial extends EventQueue.Event {
        private final SimNode node;
        private final NodeId peer;
        private final long backoff;

        Redial(SimNode node, NodeId peer, long backoff) {
            this.node = node;
            this.peer = peer;
            this.backoff = backoff;
        }

        @Override
        void run() {
            if (!node.alive || !node.wanted.contains(peer) || node.links.containsKey(peer)) {
                return;
            }
            SimNode target = byId.get(peer);
            if (target == null || !target.alive) {
                return;
            }
            if (node.frozen) {
                scheduleRedial(node, peer, backoff); // a hung runtime retries once it runs again
            } else if (target.group != node.group || target.frozen) {
                scheduleRedial(node, peer, Math.min(backoff * 2, conditions.redialMillis() * 16));
            } else {
                establish(node, target);
            }
        }
    }
}
