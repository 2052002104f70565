package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Router;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * A topology's protocol as a pure state machine (sans-IO). It never sees a socket, a thread or the
 * wall clock: the runtime calls {@link #handle} with the current time and performs the outputs.
 * Randomness comes from the generator in its {@link ProtocolContext}. All calls come from one thread.
 */
public interface Protocol {

    /** Handles one input at time {@code nowMillis} and returns what to do, in order. */
    List<Output> handle(long nowMillis, Input input);

    /**
     * The members this node sees as up, itself included: its neighbours, the nodes it keeps
     * connections to (every member on a full mesh; the active view on HyParView).
     */
    SortedSet<NodeId> members();

    /**
     * Peers this node knows of but does not keep connections to (HyParView's passive view): candidates
     * to replace a neighbour. Empty for topologies that connect to every member.
     */
    default Collection<NodeId> passiveView() {
        return List.of();
    }

    /**
     * Whether this node takes connections from {@code dialer}, asked in the handshake before it is
     * accepted: {@code null} to take it, else the reason, which the dialer is told and which is logged
     * and counted ({@code membership.refused-dialers}). A client of the client-server topology refuses
     * everyone but its servers. Unlike every other method this one is called on I/O threads, so it may
     * read only state fixed at creation. Accepts everyone by default.
     */
    default String refuseDialer(NodeId dialer) {
        return null;
    }

    /** Routes over the current overlay graph. */
    Router router();

    /** The generated ProtoStream schemas of this protocol's control messages. */
    List<SerializationContextInitializer> schemas();
}
