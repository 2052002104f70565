package dev.rhizome.process.internal;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.Registration;
import dev.rhizome.overlay.codec.ProtoStreamCodec;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.Request;
import dev.rhizome.process.SpawnException;
import dev.rhizome.process.internal.wire.WireDown;
import dev.rhizome.process.internal.wire.WireExit;
import dev.rhizome.process.internal.wire.WireLink;
import dev.rhizome.process.internal.wire.WireMonitor;
import dev.rhizome.process.internal.wire.WireName;
import dev.rhizome.process.internal.wire.WirePid;
import dev.rhizome.process.internal.wire.WireSend;
import dev.rhizome.process.internal.wire.WireSpawn;
import dev.rhizome.process.internal.wire.WireSpawned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the process protocol over an {@link Overlay} channel: encodes outgoing signals as
 * {@code Wire*} records (the *Proxy side) and applies incoming ones to the local runtime (the
 * *Adapter side). The channel has one lane, so everything one node sends another stays in order,
 * which gives per-sender FIFO and lets a spawn reply overtake nothing.
 *
 * <pre>
 *   process ── ProcessRuntime ── OverlayBridge ── Overlay channel "rhizome.processes" ──▶ peer
 *                    ▲                 │ onReceive (I/O thread, never blocks)
 *                    └─────────────────┘ onNodeDown ─▶ noconnection to every tie, once
 * </pre>
 */
public final class OverlayBridge implements RemoteBridge, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OverlayBridge.class);

    private final Overlay overlay;
    private final String channel;
    private final ProcessRuntime runtime;
    private final BehaviourTable behaviours;
    private final ProtoStreamCodec codec;
    private final MetricRegistry metrics;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, PendingSpawn> pendingSpawns = new ConcurrentHashMap<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<NodeId, Object>> nameListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<NodeId>> nodeLostHooks = new CopyOnWriteArrayList<>();

    /**
     * Sends to one peer wait here until this channel's connection to it is up: membership can report
     * a node before the processes channel has connected, and the first signals must not be lost or
     * overtaken.
     */
    private final class PeerGate {
        private final NodeId peer;
        private final java.util.ArrayDeque<byte[]> waiting = new java.util.ArrayDeque<>();
        private boolean open;

        PeerGate(NodeId peer) {
            this.peer = peer;
            this.open = !(overlay instanceof dev.rhizome.membership.RhizomeNode node) || node.connectionCount(peer, channel) > 0;
        }

        synchronized void send(byte[] bytes) {
            if (!open) {
                if (waiting.size() >= MAX_WAITING) {
                    metrics.counter("processes.remote-send-failures").inc();
                    return;
                }
                waiting.addLast(bytes);
                return;
            }
            write(peer, bytes);
        }

        synchronized void opened() {
            open = true;
            while (!waiting.isEmpty()) {
                write(peer, waiting.pollFirst());
            }
        }
    }

    private static final int MAX_WAITING = 100_000;
    private final Map<NodeId, PeerGate> gates = new ConcurrentHashMap<>();

    private record PendingSpawn(NodeId node, CompletableFuture<Pid<?>> result, boolean linked, MonitorRef monitor,
            Pid<?> parent) {}

    public OverlayBridge(Overlay overlay, String channel, ProcessRuntime runtime, BehaviourTable behaviours,
            ProtoStreamCodec codec) {
        this.overlay = overlay;
        this.channel = channel;
        this.runtime = runtime;
        this.behaviours = behaviours;
        this.codec = codec;
        this.metrics = runtime.metrics();
        registrations.add(overlay.onReceive(channel, this::onDelivery));
        registrations.add(overlay.onNodeDown(this::onNodeDown));
        registrations.add(overlay.onBroadcast(this::onBroadcast));
        registrations.add(overlay.onChannelUp(channel, (peer, reason) -> gates.computeIfAbsent(peer, PeerGate::new).opened()));
    }

    /** Receives cluster-registry updates from other nodes. */
    public void onNames(BiConsumer<NodeId, Object> listener) {
        nameListeners.add(listener);
    }

    /** Runs {@code hook} when a node is lost, before any {@code noconnection} signal goes out. */
    public void beforeNodeDown(java.util.function.Consumer<NodeId> hook) {
        nodeLostHooks.add(hook);
    }

    /**
     * The first bytes of a registry update travelling as an overlay broadcast, so that other
     * {@link Overlay#onBroadcast} handlers can tell it from their own payloads and ignore it.
     */
    public static final byte[] NAMES_BROADCAST_MARK = {'R', 'Z', 'N', '1'};

    /**
     * Sends a registry update to every other member: directly to each neighbour (on this channel, so
     * it stays ordered with this node's DOWN and EXIT signals), and, when the topology keeps a partial
     * view (a non-empty passive view, as HyParView's), also as an overlay broadcast, which reaches
     * the nodes that are not neighbours. A node ignores the broadcast copy from a neighbour.
     */
    public void broadcastName(Object update) {
        for (NodeId member : overlay.members()) {
            if (!member.equals(overlay.self())) {
                post(member, update);
            }
        }
        if (!overlay.passivePeers().isEmpty()) {
            byte[] body = encode(update);
            byte[] payload = new byte[NAMES_BROADCAST_MARK.length + body.length];
            System.arraycopy(NAMES_BROADCAST_MARK, 0, payload, 0, NAMES_BROADCAST_MARK.length);
            System.arraycopy(body, 0, payload, NAMES_BROADCAST_MARK.length, body.length);
            overlay.broadcast(payload).whenComplete((ok, failure) -> {
                if (failure != null) {
                    metrics.counter("processes.remote-send-failures").inc();
                }
            });
        }
    }

    /** A registry update that came as an overlay broadcast; only from nodes that are not neighbours. */
    private void onBroadcast(NodeId origin, byte[] payload) {
        if (payload.length < NAMES_BROADCAST_MARK.length || origin.equals(overlay.self())
                || overlay.members().contains(origin)) {
            return;
        }
        for (int i = 0; i < NAMES_BROADCAST_MARK.length; i++) {
            if (payload[i] != NAMES_BROADCAST_MARK[i]) {
                return;
            }
        }
        Object update;
        try {
            update = codec.decode(java.util.Arrays.copyOfRange(payload, NAMES_BROADCAST_MARK.length, payload.length));
        } catch (RuntimeException e) {
            refuse(origin, "undecodable registry broadcast: " + e.getMessage());
            return;
        }
        if (update instanceof WireName || update instanceof dev.rhizome.process.internal.wire.WireNameSnapshot) {
            metrics.counter("processes.names-via-broadcast").inc();
            nameListeners.forEach(l -> l.accept(origin, update));
        }
    }

    /** Sends a registry update to one member. */
    public void sendName(NodeId to, Object update) {
        post(to, update);
    }

    private void post(NodeId to, Object wire) {
        byte[] bytes = encode(wire);
        if (!overlay.members().contains(to)) {
            metrics.counter("processes.remote-send-failures").inc();
            return;
        }
        gates.computeIfAbsent(to, PeerGate::new).send(bytes);
    }

    /** A message body, call argument or reply from another node, with the library's own values restored. */
    private Object decodePayload(byte[] bytes) {
        return WireForms.fromWire(codec.decode(bytes), this::decodePayload);
    }

    /**
     * ProtoStream's wrapped encoding, which also covers strings and boxed primitives; the library's
     * own values (pids, supervisor requests and answers) go as their {@link WireForms}.
     */
    private byte[] encode(Object value) {
        try {
            return org.infinispan.protostream.ProtobufUtil.toWrappedByteArray(codec.context(),
                    WireForms.toWire(value, this::encode));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot send a " + value.getClass().getName()
                    + " to another node: register its ProtoStream schema with ProcessNode.attach", e);
        }
    }

    private void write(NodeId to, byte[] bytes) {
        overlay.send(to, channel, bytes).whenComplete((ok, failure) -> {
            if (failure != null) {
                metrics.counter("processes.remote-send-failures").inc();
                LOG.debug("process signal to {} not sent: {}", to, failure.toString());
            }
        });
    }

    @Override
    public boolean isConnected(NodeId node) {
        return overlay.members().contains(node);
    }

    @Override
    public Optional<NodeId> member(String name) {
        return overlay.member(name);
    }

    // ---- outgoing ------------------------------------------------------------------------------

    @Override
    public void message(Pid<?> from, Pid<?> to, Object message) {
        WireSend wire = switch (message) {
            case Request.Call call -> new WireSend(WirePid.of(to), WirePid.of(from), WireSend.CALL, call.from().tag(),
                    WirePid.of(call.from().alias()), encode(call.body()), null, 0);
            case Request.Cast cast -> new WireSend(WirePid.of(to), WirePid.of(from), WireSend.CAST, 0, null,
                    encode(cast.body()), null, 0);
            case Reply reply -> new WireSend(WirePid.of(to), WirePid.of(from), WireSend.REPLY, reply.tag(), null,
                    reply.value() == null ? new byte[0] : encode(reply.value()), null, reply.releasedMonitor());
            default -> new WireSend(WirePid.of(to), WirePid.of(from), WireSend.MESSAGE, 0, null, encode(message), null, 0);
        };
        post(to.node(), wire);
    }

    @Override
    public void call(Pid<?> from, Pid<?> to, Request.Call call, MonitorRef monitor) {
        post(to.node(), new WireSend(WirePid.of(to), WirePid.of(from), WireSend.CALL, call.from().tag(),
                WirePid.of(call.from().alias()), encode(call.body()), null, monitor.id()));
    }

    @Override
    public void exit(Pid<?> to, Pid<?> from, ExitReason reason, boolean viaLink) {
        post(to.node(), new WireExit(WirePid.of(to), WirePid.of(from), reason.kind(), reason.detail(), viaLink));
    }

    @Override
    public void link(Pid<?> from, Pid<?> to) {
        post(to.node(), new WireLink(WirePid.of(from), WirePid.of(to), false));
    }

    @Override
    public void unlink(Pid<?> from, Pid<?> to) {
        post(to.node(), new WireLink(WirePid.of(from), WirePid.of(to), true));
    }

    @Override
    public void monitor(MonitorRef ref, Pid<?> target) {
        post(target.node(), new WireMonitor(WirePid.of(ref.owner()), ref.id(), WirePid.of(target), false, null));
    }

    @Override
    public void demonitor(MonitorRef ref, Pid<?> target) {
        post(target.node(), new WireMonitor(WirePid.of(ref.owner()), ref.id(), WirePid.of(target), true, null));
    }

    @Override
    public void monitorName(MonitorRef ref, Pid<?> placeholder, String name) {
        post(placeholder.node(), new WireMonitor(WirePid.of(ref.owner()), ref.id(), WirePid.of(placeholder), false, name));
    }

    @Override
    public void sendNamed(Pid<?> from, Pid<?> placeholder, String name, Object message) {
        post(placeholder.node(), new WireSend(WirePid.of(placeholder), WirePid.of(from), WireSend.MESSAGE, 0, null,
                encode(message), name, 0));
    }

    @Override
    public void down(MonitorRef ref, Pid<?> target, ExitReason reason) {
        post(ref.owner().node(), new WireDown(WirePid.of(ref.owner()), ref.id(), WirePid.of(target), reason.kind(),
                reason.detail()));
    }

    @Override
    public CompletableFuture<Pid<?>> spawn(NodeId node, String behaviour, Object args, Pid<?> linkTo,
            MonitorRef monitor, Duration timeout) {
        long id = requestIds.incrementAndGet();
        CompletableFuture<Pid<?>> result = new CompletableFuture<>();
        Pid<?> parent = linkTo != null ? linkTo : monitor != null ? monitor.owner() : null;
        pendingSpawns.put(id, new PendingSpawn(node, result, linkTo != null, monitor, parent));
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((pid, failure) -> pendingSpawns.remove(id));
        byte[] argBytes = args == null ? new byte[0] : encode(args);
        post(node, new WireSpawn(id, behaviour, argBytes, WirePid.of(linkTo), monitor == null ? null : WirePid.of(monitor.owner()),
                monitor == null ? 0 : monitor.id()));
        return result;
    }

    // ---- incoming ------------------------------------------------------------------------------

    private void onDelivery(Delivery delivery) {
        Object wire;
        try {
            wire = codec.decode(delivery.bytes());
        } catch (RuntimeException e) {
            refuse(delivery.from(), "undecodable process frame: " + e.getMessage());
            return;
        }
        switch (wire) {
            case WireSend send -> onSend(delivery.from(), send);
            case WireExit exit -> runtime.sendExit(exit.to().toPid(), exit.from().toPid(),
                    ExitReason.of(exit.reasonKind(), exit.reasonDetail()), exit.viaLink());
            case WireLink link -> {
                if (link.unlink()) {
                    Endpoint e = runtime.endpoint(link.to().toPid());
                    if (e != null) {
                        e.dropLink(link.from().toPid());
                    }
                } else {
                    runtime.linkFromRemote(link.from().toPid(), link.to().toPid());
                }
            }
            case WireMonitor monitor -> {
                MonitorRef ref = new MonitorRef(monitor.owner().toPid(), monitor.refId());
                if (monitor.name() != null && !monitor.demonitor()) {
                    runtime.monitorNameFromRemote(ref, monitor.target().toPid(), monitor.name());
                } else if (monitor.demonitor() && monitor.target().id() == 0) {
                    runtime.dropMonitorEverywhere(ref);
                } else if (monitor.demonitor()) {
                    Endpoint e = runtime.endpoint(monitor.target().toPid());
                    if (e != null) {
                        e.dropMonitor(ref);
                    }
                } else {
                    runtime.monitorFromRemote(ref, monitor.target().toPid());
                }
            }
            case WireDown down -> runtime.sendDown(new MonitorRef(down.owner().toPid(), down.refId()),
                    down.target().toPid(), ExitReason.of(down.reasonKind(), down.reasonDetail()));
            case WireSpawn spawn -> onSpawn(delivery.from(), spawn);
            case WireSpawned spawned -> onSpawned(spawned);
            case WireName name -> nameListeners.forEach(l -> l.accept(delivery.from(), name));
            case dev.rhizome.process.internal.wire.WireNameSnapshot snapshot ->
                    nameListeners.forEach(l -> l.accept(delivery.from(), snapshot));
            default -> refuse(delivery.from(), "unexpected " + wire.getClass().getName() + " on " + channel);
        }
    }

    private void refuse(NodeId from, String why) {
        metrics.counter("processes.refused").inc();
        LOG.warn("refused a message from {}: {}", from.name(), why);
    }

    private void onSend(NodeId from, WireSend send) {
        Pid<?> to = send.to().toPid();
        if (send.kind() == WireSend.REPLY) {
            Object value = send.payload() == null || send.payload().length == 0 ? null : decodeOrNull(from, send, to);
            runtime.replyFromRemote(to, send.tag(), value, send.monitorRefId());
            return;
        }
        if (send.kind() == WireSend.CALL && send.monitorRefId() != 0) {
            // the caller's monitor travels with the call: set it up first, so a missing or dead server
            // answers with DOWN (noproc) and the call fails at once
            runtime.monitorFromRemote(new MonitorRef(send.replyTo().toPid(), send.monitorRefId()), to);
        }
        if (send.toName() != null) {
            to = runtime.whereis(send.toName()).orElse(null);
            if (to == null) {
                metrics.counter("processes.dropped-messages").inc();
                return;
            }
        }
        Endpoint endpoint = runtime.endpoint(to);
        if (endpoint == null) {
            metrics.counter("processes.dropped-messages").inc();
            return;
        }
        Object body;
        try {
            body = decodePayload(send.payload());
        } catch (RuntimeException e) {
            refuse(from, "message for " + to + " does not decode: " + e.getMessage());
            return;
        }
        Class<?> protocol = runtime.protocolOf(to);
        if (protocol != null && !protocol.isInstance(body)) {
            refuse(from, "message for " + to + " is a " + body.getClass().getName() + ", not a " + protocol.getName());
            return;
        }
        Object message = switch (send.kind()) {
            case WireSend.CALL -> new Request.Call(new ReplyTo(send.replyTo().toPid(), send.tag()), body);
            case WireSend.CAST -> new Request.Cast(body);
            default -> body;
        };
        endpoint.deliver(message);
    }

    private Object decodeOrNull(NodeId from, WireSend send, Pid<?> to) {
        try {
            return decodePayload(send.payload());
        } catch (RuntimeException e) {
            refuse(from, "reply for " + to + " does not decode: " + e.getMessage());
            return null;
        }
    }

    private void onSpawn(NodeId from, WireSpawn spawn) {
        Optional<BehaviourTable.Entry<?, ?>> entry = behaviours.find(spawn.behaviour());
        if (entry.isEmpty()) {
            post(from, new WireSpawned(spawn.requestId(), null, "no behaviour '" + spawn.behaviour()
                    + "' is registered on node " + overlay.self().name()));
            return;
        }
        LocalProcess<?> process;
        try {
            Object args = spawn.args() == null || spawn.args().length == 0 ? null : decodePayload(spawn.args());
            process = prepare(entry.get(), args, spawn);
        } catch (RuntimeException e) {
            post(from, new WireSpawned(spawn.requestId(), null, "behaviour '" + spawn.behaviour() + "' on node "
                    + overlay.self().name() + " could not start: " + e));
            return;
        }
        // the reply leaves before the process can die, so the parent learns the pid before any EXIT
        post(from, new WireSpawned(spawn.requestId(), WirePid.of(process.pid()), null));
        runtime.start(process);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private LocalProcess<?> prepare(BehaviourTable.Entry entry, Object args, WireSpawn spawn) {
        ProcessBody body = entry.create(args);
        MonitorRef monitor = spawn.monitorOwner() == null ? null : new MonitorRef(spawn.monitorOwner().toPid(), spawn.monitorRefId());
        return runtime.prepare(entry.protocol(), body, spawn.linkTo() == null ? null : spawn.linkTo().toPid(), monitor);
    }

    private void onSpawned(WireSpawned spawned) {
        PendingSpawn pending = pendingSpawns.remove(spawned.requestId());
        if (pending == null) {
            // the spawner gave up: do not leave an orphan linked to nobody
            if (spawned.pid() != null) {
                LOG.debug("late spawn reply for {}", spawned.pid().toPid());
            }
            return;
        }
        if (spawned.error() != null) {
            pending.result().completeExceptionally(new SpawnException(spawned.error()));
            return;
        }
        Pid<?> child = spawned.pid().toPid();
        if (pending.parent() != null) {
            runtime.spawnedRemotely(pending.parent(), child, pending.linked(), pending.monitor());
        }
        pending.result().complete(child);
    }

    private void onNodeDown(NodeId node, String reason) {
        for (PendingSpawn pending : pendingSpawns.values()) {
            if (pending.node().equals(node)) {
                pending.result().completeExceptionally(new SpawnException("node " + node.name() + " went down ("
                        + reason + ") before answering the spawn"));
            }
        }
        gates.remove(node);
        nodeLostHooks.forEach(h -> h.accept(node));
        runtime.nodeDown(node);
    }

    @Override
    public void close() {
        registrations.forEach(Registration::close);
    }
}
