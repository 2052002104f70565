package dev.rhizome.hyparview.wire;

import dev.rhizome.overlay.NodeId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link NodeId} on the wire.
 *
 * @param name        the node's name
 * @param host        the host it listens on
 * @param port        the port it listens on
 * @param incarnation which start of that name it is
 */
@Proto
public record WirePeer(String name, String host, int port, long incarnation) {

    /** The wire form of {@code id}. */
    public static WirePeer of(NodeId id) {
        return new WirePeer(id.name(), id.host(), id.port(), id.incarnation());
    }

    /** Back to a {@link NodeId} (validated; equal wire peers give the same instance while it is cached). */
    public NodeId toNodeId() {
        NodeId known = Interned.IDS.get(this);
        if (known == null) {
            known = new NodeId(name, host, port, incarnation);
            if (Interned.IDS.putIfAbsent(this, known) == null && Interned.ADDED.incrementAndGet() % Interned.LIMIT == 0) {
                Interned.IDS.clear();
            }
        }
        return known;
    }

    /**
     * A memo of decoded ids: building a {@link NodeId} validates its name with a regular expression,
     * which dominated shuffle handling in 10,000-node simulations. A pure function's cache, so it cannot
     * change behaviour; bounded by clearing.
     */
    private static final class Interned {
        static final int LIMIT = 1 << 17;
        static final Map<WirePeer, NodeId> IDS = new ConcurrentHashMap<>();
        static final AtomicLong ADDED = new AtomicLong();
    }
}
