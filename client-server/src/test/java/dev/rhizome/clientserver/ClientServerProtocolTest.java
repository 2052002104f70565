package dev.rhizome.clientserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.clientserver.wire.Attach;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeSpec;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A client, driven by hand: it attaches to a server of its set, refuses clients, and moves on failure. */
class ClientServerProtocolTest {

    private static final NodeId SELF = new NodeId("c0", "10.0.2.0", 7000, 1);
    private static final NodeId S0 = new NodeId("s0", "10.0.1.0", 7000, 1);
    private static final NodeId S1 = new NodeId("s1", "10.0.1.1", 7000, 1);
    private static final NodeId OTHER_CLIENT = new NodeId("c1", "10.0.2.1", 7000, 1);

    private static ClientServerProtocol client() {
        return new ClientServerProtocol(new ProtocolContext(NodeSpec.of(SELF), List.of("rhizome.control"),
                new SplittableRandom(1), Map.of(ClientServerSettings.ROLE, "client",
                ClientServerSettings.SERVERS, "s0@10.0.1.0:7000,s1@10.0.1.1:7000")));
    }

    @Test
    void attachesRefusesClientsAndAnnouncesTheMove() {
        ClientServerProtocol client = client();
        List<Output> start = client.handle(0, new Input.Start());
        assertEquals(1, start.stream().filter(Output.Dial.class::isInstance).count(), "one server at a time");
        NodeId first = ((Output.Dial) start.get(0)).address().getHostString().equals(S0.host()) ? S0 : S1;
        NodeId second = first.equals(S0) ? S1 : S0;

        List<Output> up = client.handle(1, new Input.ConnectionUp(first));
        assertTrue(up.contains(new Output.Send(first, new Attach(1, ""))), up::toString);
        assertTrue(up.contains(new Output.Connect(first)));
        assertEquals(first, client.server().orElseThrow());

        List<Output> intruder = client.handle(2, new Input.ConnectionUp(OTHER_CLIENT));
        assertTrue(intruder.contains(new Output.Disconnect(OTHER_CLIENT)), "a client keeps no client connection");

        List<Output> down = client.handle(3, new Input.ConnectionDown(first));
        assertTrue(down.contains(new Output.Dial(second.address())), down::toString);
        List<Output> moved = client.handle(4, new Input.ConnectionUp(second));
        assertTrue(moved.contains(new Output.Send(second, new Attach(2, first.name()))), "the move is announced");
        assertTrue(client.router().route(SELF, SELF, "default").orElseThrow().isIdentity());
        assertEquals(List.of(SELF, second), client.router().route(SELF, second, "default").orElseThrow().nodes());
    }
}
