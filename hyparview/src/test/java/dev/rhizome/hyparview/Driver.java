package dev.rhizome.hyparview;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Drives one {@link HyParViewProtocol} by hand, a synchronous test kit: inputs in, outputs back. */
final class Driver {

    final NodeId self;
    final HyParViewProtocol protocol;
    long now = 1_000;

    Driver(String name, long seed, Map<String, String> settings) {
        this.self = node(name);
        this.protocol = new HyParViewProtocol(new ProtocolContext(NodeSpec.of(self),
                List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT), new SplittableRandom(seed), settings));
        protocol.handle(now, new Input.Start());
    }

    Driver(String name) {
        this(name, 1, Map.of());
    }

    /** A first-incarnation node called {@code name}, at an address derived from the name. */
    static NodeId node(String name) {
        return new NodeId(name, "10.0.0." + (Math.abs(name.hashCode()) % 250 + 1), 7000 + Math.abs(name.hashCode() % 1000), 1);
    }

    List<Output> in(Input input) {
        now += 1;
        return protocol.handle(now, input);
    }

    List<Output> receive(NodeId from, Object message) {
        return in(new Input.Received(from, message));
    }

    /** Makes {@code peer} a neighbour the way a peer's NEIGHBOR(high) would. */
    void befriend(NodeId peer, long seq) {
        in(new Input.ConnectionUp(peer));
        receive(peer, new dev.rhizome.hyparview.wire.NeighborRequest(true, seq));
    }
}
