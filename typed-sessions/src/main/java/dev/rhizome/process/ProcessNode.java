package dev.rhizome.process;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.codec.ProtoStreamCodec;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import dev.rhizome.process.internal.BehaviourTable;
import dev.rhizome.process.internal.LocalProcess;
import dev.rhizome.process.internal.OverlayBridge;
import dev.rhizome.process.internal.ProcessRuntime;
import dev.rhizome.process.internal.wire.ProcessWireSchemaImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * The process runtime of one node: spawns processes, delivers their messages and signals, and — when
 * attached to an {@link Overlay} — reaches processes on other nodes.
 *
 * <pre>{@code
 * OverlayConfig config = ProcessNode.configure(OverlayConfig.builder("a").cookie(secret)).build();
 * ProcessNode node = ProcessNode.attach(Rhizome.start(config), new MyMessagesSchemaImpl());
 * Pid<Ping> pid = node.spawn(Ping.class, self -> { ... self.receive(Ping.class) ... });
 * node.send(pid, new Ping());
 * }</pre>
 *
 * <p>Remote traffic uses the channel {@value #CHANNEL} with one lane, so signals from one node to
 * another (and so from one sender to one receiver) keep their order. Delivery is at most once; when a
 * node leaves this node's view every link and monitor to its processes fires once with
 * {@code noconnection}. Messages crossing nodes must be ProtoStream types whose schemas are passed to
 * {@link #attach}; a {@link Pid} and the supervisor's requests and answers may cross as they are.
 *
 * <p>A remote call costs two frames: the call carries the caller's monitor on the server, and the
 * reply says the server dropped it.
 */
public final class ProcessNode implements Caller, AutoCloseable {

    /** The channel remote process traffic uses. */
    public static final String CHANNEL = "rhizome.processes";

    /** How long a remote spawn waits for the other node's answer. */
    public static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(5);

    private final ProcessRuntime runtime;
    private final BehaviourTable behaviours = new BehaviourTable();
    private final Overlay overlay;
    private final OverlayBridge bridge;

    private ProcessNode(NodeId self, Overlay overlay, MetricRegistry metrics, List<SerializationContextInitializer> schemas) {
        this.runtime = new ProcessRuntime(self, this, metrics);
        runtime.behaviours(behaviours);
        this.overlay = overlay;
        if (overlay != null) {
            List<SerializationContextInitializer> all = new ArrayList<>();
            all.add(new ProcessWireSchemaImpl());
            all.addAll(schemas);
            this.bridge = new OverlayBridge(overlay, CHANNEL, runtime, behaviours, new ProtoStreamCodec(all));
            runtime.attach(bridge);
        } else {
            this.bridge = null;
        }
    }

    /** A node that is not distributed: every process lives in this JVM. */
    public static ProcessNode local(String name) {
        return new ProcessNode(new NodeId(name, "local", 0, System.nanoTime()), null, new MetricRegistry(), List.of());
    }

    /**
     * A process runtime on a running overlay node. The overlay's configuration must include the
     * {@value #CHANNEL} channel (see {@link #configure}).
     *
     * @param schemas the generated ProtoStream schemas of the messages, call requests, replies and
     *                spawn arguments that cross nodes
     */
    public static ProcessNode attach(Overlay overlay, SerializationContextInitializer... schemas) {
        MetricRegistry metrics = overlay instanceof RhizomeNode node ? node.metrics() : new MetricRegistry();
        return new ProcessNode(overlay.self(), overlay, metrics, List.of(schemas));
    }

    /** Adds the {@value #CHANNEL} channel to an overlay configuration. */
    public static OverlayConfigBuilder configure(OverlayConfigBuilder builder) {
        return builder.channel(ChannelSpec.of(CHANNEL));
    }

    /** This node. */
    public NodeId self() {
        return runtime.self();
    }

    /** The overlay this runtime is attached to, if any. */
    public Optional<Overlay> overlay() {
        return Optional.ofNullable(overlay);
    }

    /**
     * Metrics: {@code processes.spawned}, {@code processes.exited}, {@code processes.refused} (remote
     * messages that did not decode or did not fit the receiver's protocol), {@code processes.late-replies},
     * {@code processes.call-timeouts}, {@code processes.dropped-messages}.
     */
    public MetricRegistry metrics() {
        return runtime.metrics();
    }

    /** The runtime behind this node, for the library's own packages. */
    public ProcessRuntime runtime() {
        return runtime;
    }

    /** The overlay bridge, if distributed, for the library's own packages. */
    public Optional<OverlayBridge> bridge() {
        return Optional.ofNullable(bridge);
    }

    // ---- processes from outside any process ----------------------------------------------------

    /** Spawns a process that accepts any message. */
    public <M> Pid<M> spawn(ProcessBody<M> body) {
        return runtime.spawn(null, null, body, false, null);
    }

    /** Spawns a process whose remote messages must be of {@code protocol}. */
    public <M> Pid<M> spawn(Class<M> protocol, ProcessBody<M> body) {
        return runtime.spawn(null, protocol, body, false, null);
    }

    /** Spawns a reactor, a process without a thread of its own (see {@link Reactor}). */
    public <M> Pid<M> spawnReactor(Class<M> protocol, Reactor<M> reactor) {
        return runtime.spawnReactor(null, protocol, reactor, false);
    }

    /** Sends a message. */
    public <M> void send(Pid<M> to, M message) {
        runtime.send(null, to, message);
    }

    /** Sends an exit signal, as {@code exit(Pid, Reason)} from a process outside any link. */
    public void exit(Pid<?> pid, ExitReason reason) {
        runtime.exit(Pid.of(self(), 0), pid, reason);
    }

    /** Calls a server with the default timeout of 5 seconds. */
    public <R> R call(Pid<?> server, Object request) {
        return call(server, request, ProcessContext.DEFAULT_CALL_TIMEOUT);
    }

    /** Calls a server. */
    @Override
    public <R> R call(Pid<?> server, Object request, Duration timeout) {
        return runtime.call(null, server, request, timeout);
    }

    /** Casts to a server. */
    public void cast(Pid<?> server, Object request) {
        runtime.cast(null, server, request);
    }

    /** Whether a local process is alive. */
    public boolean isAlive(Pid<?> pid) {
        return runtime.isAlive(pid);
    }

    /** The number of live local processes. */
    public int processCount() {
        return runtime.processCount();
    }

    // ---- local names ---------------------------------------------------------------------------

    /** Registers a local process under a node-local name. */
    public void register(String name, Pid<?> pid) {
        runtime.register(name, pid);
    }

    /** Removes a local name; returns whether it was registered. */
    public boolean unregister(String name) {
        return runtime.unregister(name);
    }

    /** The local process registered under {@code name}. */
    public Optional<Pid<?>> whereis(String name) {
        return runtime.whereis(name);
    }

    // ---- remote spawning -----------------------------------------------------------------------

    /**
     * Registers a behaviour other nodes may spawn here by name.
     *
     * @param argType  the type of the spawn arguments (a ProtoStream type), or {@code Void.class}
     * @param protocol the message protocol of the spawned processes
     * @param factory  makes the process body from the arguments (null when none were given)
     */
    public <A, M> void registerBehaviour(String name, Class<A> argType, Class<M> protocol, Function<A, ProcessBody<M>> factory) {
        behaviours.register(name, argType, protocol, factory);
    }

    /**
     * Spawns a registered behaviour on another node (or this one, by name), from outside any process.
     *
     * @throws SpawnException if the node is not connected, does not answer within {@link #SPAWN_TIMEOUT},
     *         or has no such behaviour
     */
    public <M> Pid<M> spawnRemote(String nodeName, String behaviour, Object args) {
        return runtime.spawnRemote(null, nodeName, behaviour, args, false, null);
    }

    /** Kills every local process (untrappable) and detaches from the overlay. */
    @Override
    public void close() {
        for (LocalProcess<?> process : runtime.processes()) {
            runtime.terminate(process, ExitReason.KILLED);
        }
        if (bridge != null) {
            bridge.close();
        }
    }
}
