package dev.rhizome.process;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a running process sees of itself: its mailbox, its links and monitors, and the operations
 * Erlang offers a process. Only the process's own thread may use it.
 *
 * <p>The mailbox holds the process's messages (of protocol {@code M}), {@link Exit} messages when it
 * traps exits, {@link Down} messages from its monitors, and {@link Request}s when it is a server.
 * Selective receive takes the first message that matches and leaves the others in order.
 *
 * <p>Every blocking operation throws {@link ExitException} once the process has been terminated by
 * an exit signal; let it propagate.
 *
 * @param <M> the process's message protocol
 */
public interface ProcessContext<M> extends Caller {

    /** The default call timeout, 5 seconds, as in OTP. */
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    /** This process. */
    Pid<M> self();

    /** The node this process runs on. */
    ProcessNode node();

    /** The process that spawned this one, if it was spawned by a process. */
    Optional<Pid<?>> parent();

    // ---- receiving -----------------------------------------------------------------------------

    /** Takes the oldest message, waiting as long as needed. */
    Object receive();

    /** Takes the oldest message, or empty after {@code timeout}. */
    Optional<Object> receive(Duration timeout);

    /** Takes the first message that matches, waiting up to {@code timeout}; others keep their order. */
    Optional<Object> receive(Predicate<Object> match, Duration timeout);

    /** Takes the first message of {@code type}, waiting as long as needed. */
    <T> T receive(Class<T> type);

    /** Takes the first message of {@code type}, or empty after {@code timeout}. */
    <T> Optional<T> receive(Class<T> type, Duration timeout);

    /** Takes the first message of {@code type} that matches, or empty after {@code timeout}. */
    <T> Optional<T> receive(Class<T> type, Predicate<? super T> match, Duration timeout);

    /** The number of messages waiting. */
    int mailboxSize();

    /**
     * Gives back the mailbox's storage while it is empty (it is recreated by the next message), before
     * a long wait; what OTP's {@code hibernate} means for a process here (see
     * {@link dev.rhizome.process.server.Action.Hibernate}). Does nothing if messages are queued.
     */
    void hibernate();

    // ---- sending -------------------------------------------------------------------------------

    /** Sends {@code message}; never fails for a dead or unreachable process (the message is dropped). */
    <X> void send(Pid<X> to, X message);

    /**
     * Sends to a locally registered name.
     *
     * @throws IllegalArgumentException if no process is registered under {@code name}, as Erlang's
     *         {@code Name ! Msg} fails for an unregistered name
     */
    void send(String name, Object message);

    /** Sends to the process registered as {@code name} on node {@code nodeName}; dropped if there is none. */
    void send(String name, String nodeName, Object message);

    /** Calls a server and waits up to {@link #DEFAULT_CALL_TIMEOUT} (5 seconds) for the reply. */
    <R> R call(Pid<?> server, Object request);

    /**
     * Calls a server: monitors it, sends the request with a one-shot reply alias, and waits for the
     * reply, the server's DOWN, or the timeout.
     *
     * @throws CallException with {@code timeout}, {@code {nodedown, Node}}, {@code noproc} or the
     *         server's exit reason
     */
    @Override
    <R> R call(Pid<?> server, Object request, Duration timeout);

    /** Casts to a server. */
    void cast(Pid<?> server, Object request);

    /** Answers a call. A reply to a caller that gave up is dropped. */
    void reply(ReplyTo to, Object value);

    // ---- spawning ------------------------------------------------------------------------------

    /** Spawns a local process that accepts any message. */
    <X> Pid<X> spawn(ProcessBody<X> body);

    /** Spawns a local process whose remote messages must be of {@code protocol}. */
    <X> Pid<X> spawn(Class<X> protocol, ProcessBody<X> body);

    /** Spawns and links in one step. */
    <X> Pid<X> spawnLink(ProcessBody<X> body);

    /** Spawns and links in one step, with a protocol. */
    <X> Pid<X> spawnLink(Class<X> protocol, ProcessBody<X> body);

    /** Spawns a reactor, a process without a thread of its own (see {@link Reactor}); linked if {@code link}. */
    <X> Pid<X> spawnReactor(Class<X> protocol, Reactor<X> reactor, boolean link);

    /** Spawns and monitors in one step. */
    <X> Spawned<X> spawnMonitor(ProcessBody<X> body);

    /**
     * Spawns behaviour {@code behaviour}, registered on node {@code nodeName}, with {@code args}
     * (a ProtoStream-encodable value, or null).
     *
     * @throws SpawnException if the node is not connected, does not answer, or has no such behaviour
     */
    <X> Pid<X> spawnRemote(String nodeName, String behaviour, Object args);

    /** As {@link #spawnRemote}, linked atomically. */
    <X> Pid<X> spawnLinkRemote(String nodeName, String behaviour, Object args);

    /** As {@link #spawnRemote}, monitored atomically. */
    <X> Spawned<X> spawnMonitorRemote(String nodeName, String behaviour, Object args);

    // ---- links, monitors, exits ----------------------------------------------------------------

    /** Links to {@code pid}; idempotent. Linking to a dead process yields an exit signal {@code noproc}. */
    void link(Pid<?> pid);

    /** Removes the link, if any; no exit signal from it arrives afterwards. */
    void unlink(Pid<?> pid);

    /** Monitors {@code pid}; a dead or unknown process yields an immediate {@link Down} {@code noproc}. */
    MonitorRef monitor(Pid<?> pid);

    /** Monitors the process registered locally under {@code name}, resolved once. */
    MonitorRef monitor(String name);

    /**
     * Monitors the process registered as {@code name} on node {@code nodeName} (Erlang's
     * {@code monitor(process, {Name, Node})}), resolved once on that node. An unknown name gives
     * {@code noproc}; an unreachable node, or its later loss, {@code noconnection}.
     */
    MonitorRef monitor(String name, String nodeName);

    /**
     * Erlang's {@code monitor_node/2}. With {@code on}, a {@link NodeDown} arrives when node
     * {@code nodeName} leaves this node's view, or at once if it is not in the view now (or this
     * node is not distributed). Each call with {@code true} is one independent monitor and gives one
     * message; a call with {@code false} removes all of this process's monitors of that node.
     * Monitoring this process's own node never fires. The monitors end with the process.
     */
    void monitorNode(String nodeName, boolean on);

    /** Removes a monitor; returns whether it was active. */
    boolean demonitor(MonitorRef ref);

    /** Removes a monitor and, with {@code flush}, a {@link Down} for it already in the mailbox. */
    boolean demonitor(MonitorRef ref, boolean flush);

    /** Sets whether exit signals become {@link Exit} messages; returns the previous setting. */
    boolean trapExit(boolean trap);

    /** Whether this process traps exits. */
    boolean trapsExits();

    /** Sends an exit signal to {@code pid} (Erlang's {@code exit/2}). */
    void exit(Pid<?> pid, ExitReason reason);

    /** Ends this process with {@code reason}. Never returns. */
    ExitException exit(ExitReason reason);

    // ---- names ---------------------------------------------------------------------------------

    /**
     * Registers this process under a local name; released automatically before its exit signals go
     * out.
     *
     * @throws IllegalStateException if the name is taken
     */
    void register(String name);
}
