package dev.rhizome.overlay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SortedSet;
import java.util.concurrent.CompletionStage;

/**
 * A running Rhizome node: the facade applications program against, whatever topology is underneath.
 *
 * <pre>
 *   application ── send / onReceive ──▶ Overlay ── channels (Netty) ──▶ peers
 *                                          │
 *                                   topology protocol (full mesh, ...)
 *                                   membership, failure detection
 * </pre>
 *
 * <h2>Sending and backpressure</h2>
 * Delivery is at-most-once. Every send names a channel; with a partition key the lane is
 * {@code key mod parallelism}, which keeps per-key FIFO order. The three send styles differ only at
 * the lane's high watermark:
 * <ul>
 *   <li>{@link #send} never blocks. Its stage completes when the frame is written to the socket, and
 *       fails with {@link SendException} if it cannot be (no connection, closed, or more than the
 *       lane's outbound limit already queued).</li>
 *   <li>{@link #sendBlocking} waits while the lane is above its high watermark, up to the configured
 *       send timeout. Meant for virtual threads.</li>
 *   <li>{@link #trySend} returns {@code false} at once when the lane is above its high watermark.</li>
 * </ul>
 * Blocked and failed sends are counted per channel and peer.
 *
 * <h2>Sending beyond the neighbours</h2>
 * {@code send} reaches any live node of the overlay. A neighbour gets the frame directly; any other node
 * gets it relayed hop by hop along the topology's route (a searched one on HyParView), with at most
 * {@code route-ttl} hops; the receiver sees the original sender, and a reply takes the reverse route.
 * When there is no route the stage fails with {@link NoRouteException} naming the destination.
 * {@code sendBlocking} and {@code trySend} reach neighbours only. See {@code docs/routing.md}.
 */
public interface Overlay extends AutoCloseable {

    /** This node's identity. */
    NodeId self();

    /** The topology's name, as chosen at startup. */
    String topology();

    /** Joins the overlay through a node listening at {@code seed}; completes once it is a member. */
    CompletionStage<Void> join(InetSocketAddress seed);

    /** Announces a graceful leave to the cluster; completes when the announcement went out. */
    CompletionStage<Void> leave();

    /**
     * This node's neighbours: the members it currently sees as up and keeps connections to, itself
     * included, sorted. On a full mesh that is every member; on HyParView it is the active view.
     */
    SortedSet<NodeId> members();

    /**
     * Peers known to this node but not connected: HyParView's passive view, from which lost
     * neighbours are replaced. A send to a passive peer is relayed (see "Sending beyond the
     * neighbours"); a passive peer becomes a neighbour when the topology promotes it. Always empty on
     * a full mesh.
     */
    SortedSet<NodeId> passivePeers();

    /** Looks up the current incarnation of a member by name. */
    java.util.Optional<NodeId> member(String name);

    /**
     * Sends bytes on {@code channel}, directly to a neighbour or relayed to any other node of the overlay;
     * fails with {@link NoRouteException} when there is no route. The array must not be changed until
     * the stage completes.
     */
    CompletionStage<Void> send(NodeId to, String channel, byte[] payload);

    /** Sends bytes on {@code channel} on the lane chosen by {@code partitionKey}. */
    CompletionStage<Void> send(NodeId to, String channel, long partitionKey, byte[] payload);

    /**
     * Sends bytes with a delivery guarantee chosen for this send, whatever the channel's default (see
     * {@code docs/channels.md}). With {@link DeliveryGuarantee#AT_MOST_ONCE} this is
     * {@link #send(NodeId, String, long, byte[])}, relayed to non-neighbours as usual. With
     * {@code AT_LEAST_ONCE} or {@code EFFECTIVELY_ONCE} the message is numbered, kept until the peer
     * acknowledges it and retransmitted across reconnects; the stage completes on the acknowledgement.
     * Acknowledgements are per connection, so a reliable send needs {@code to} to be a neighbour: to
     * any other node it fails with {@link SendException.Reason#NOT_CONNECTED} rather than silently
     * weakening the guarantee.
     */
    CompletionStage<Void> send(NodeId to, String channel, long partitionKey, byte[] payload, DeliveryGuarantee delivery);

    /** Sends the remaining bytes of {@code payload}. */
    CompletionStage<Void> send(NodeId to, String channel, ByteBuffer payload);

    /** Sends a ProtoStream-annotated object, encoded with the schemas registered in the configuration. */
    CompletionStage<Void> send(NodeId to, String channel, Object message);

    /** Sends a ProtoStream-annotated object on the lane chosen by {@code partitionKey}. */
    CompletionStage<Void> send(NodeId to, String channel, long partitionKey, Object message);

    /**
     * Sends, waiting while the lane is above its high watermark, for at most the configured send
     * timeout. Returns once the frame is queued on the connection.
     *
     * @throws SendException     with {@link SendException.Reason#BACKPRESSURE} on timeout, or another reason
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sendBlocking(NodeId to, String channel, Object message) throws InterruptedException;

    /** Sends only if the lane is below its high watermark; {@code false} (and counted) otherwise. */
    boolean trySend(NodeId to, String channel, Object message);

    /** Handles every message that arrives on {@code channel}. Several handlers may be registered. */
    Registration onReceive(String channel, ReceiveHandler handler);

    /**
     * Broadcasts {@code payload} to every member of the overlay, through the topology's own
     * dissemination (a full mesh sends to every member; HyParView floods or uses Plumtree). Completes
     * once the topology has handled the request; delivery itself is at-most-once and best effort.
     * The array must not be changed afterwards.
     */
    CompletionStage<Void> broadcast(byte[] payload);

    /** Handles every broadcast this node delivers, its own included. Several handlers may be registered. */
    Registration onBroadcast(BroadcastHandler handler);

    /** Told whenever any node comes up in this node's view. */
    Registration onNodeUp(NodeListener listener);

    /** Told whenever any node goes down or leaves this node's view. */
    Registration onNodeDown(NodeListener listener);

    /** Told when the node with this name comes up (any incarnation). */
    Registration onNodeUp(String nodeName, NodeListener listener);

    /** Told when the node with this name goes down or leaves (any incarnation). */
    Registration onNodeDown(String nodeName, NodeListener listener);

    /** Told when {@code channel} to some peer gets its first connection. */
    Registration onChannelUp(String channel, NodeListener listener);

    /** Told when {@code channel} to some peer loses its last connection. */
    Registration onChannelDown(String channel, NodeListener listener);

    /** Leaves gracefully if still a member, drains what is queued (up to {@code drain}), then closes. */
    void shutdown(Duration drain);

    /** {@code shutdown} with the default drain time of 5 seconds. */
    @Override
    default void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
