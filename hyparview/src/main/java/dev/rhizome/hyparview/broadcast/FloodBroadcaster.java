package dev.rhizome.hyparview.broadcast;

import dev.rhizome.hyparview.wire.BroadcastMessage;
import dev.rhizome.hyparview.wire.Gossip;
import dev.rhizome.hyparview.wire.WirePeer;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Output;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The HyParView paper's dissemination: on first receipt, forward to every active neighbour but the one
 * it came from. Every broadcast crosses every link, which is also what tests every link for failure.
 */
public final class FloodBroadcaster implements Broadcaster {

    private final RandomGenerator random;
    private final Supplier<List<NodeId>> neighbours;
    private final MessageIdCache seen;
    private BroadcastListener listener = (id, payload, hops) -> { };

    /**
     * @param random     for message ids
     * @param neighbours the active view, read at each forward
     * @param cacheSize  message ids remembered
     */
    public FloodBroadcaster(RandomGenerator random, Supplier<List<NodeId>> neighbours, int cacheSize) {
        this.random = random;
        this.neighbours = neighbours;
        this.seen = new MessageIdCache(cacheSize);
    }

    @Override
    public long broadcast(long now, NodeId origin, byte[] payload, List<Output> out) {
        long id = random.nextLong();
        seen.add(id, null, 0);
        listener.delivered(id, origin, payload, 0);
        forward(new Gossip(id, 0, payload, origin == null ? null : WirePeer.of(origin)), null, out);
        return id;
    }

    @Override
    public void onMessage(long now, NodeId from, BroadcastMessage message, List<Output> out) {
        if (message instanceof Gossip gossip && seen.add(gossip.id(), null, gossip.round() + 1)) {
            listener.delivered(gossip.id(), gossip.origin() == null ? null : gossip.origin().toNodeId(),
                    gossip.payload(), gossip.round() + 1);
            forward(new Gossip(gossip.id(), gossip.round() + 1, gossip.payload(), gossip.origin()), from, out);
        }
    }

    private void forward(Gossip gossip, NodeId from, List<Output> out) {
        List<NodeId> targets = neighbours.get();
        for (int i = 0, n = targets.size(); i < n; i++) {
            NodeId peer = targets.get(i);
            if (peer != from && !peer.equals(from)) {
                out.add(new Output.Send(peer, gossip));
            }
        }
    }

    @Override
    public void neighborUp(NodeId peer) {}

    @Override
    public void neighborDown(NodeId peer) {}

    @Override
    public void onTimer(long now, GraftTimer timer, List<Output> out) {}

    @Override
    public void onDeliver(BroadcastListener value) {
        this.listener = value;
    }
}
