package dev.rhizome.overlay.spi;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Router;
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

    /** The members this node sees as up, itself included. */
    SortedSet<NodeId> members();

    /** Routes over the current overlay graph. */
    Router router();

    /** The generated ProtoStream schemas of this protocol's control messages. */
    List<SerializationContextInitializer> schemas();
}
