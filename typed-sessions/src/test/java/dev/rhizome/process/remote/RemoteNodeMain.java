package dev.rhizome.process.remote;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.server.GenServer;

/**
 * A node in its own JVM for the SIGKILL test: joins the seed given as the second argument, offers
 * the "idle" and "echo-server" behaviours, prints {@code READY} and waits to be killed. It also
 * exits when its standard input closes, so it never outlives the test JVM that started it.
 */
public final class RemoteNodeMain {

    private RemoteNodeMain() {}

    public static void main(String[] args) throws Exception {
        Overlay overlay = Rhizome.start(Cluster.config(args[0], args[1]));
        ProcessNode node = ProcessNode.attach(overlay, new TestSchemaImpl());
        node.registerBehaviour("idle", Void.class, TestMsg.class, a -> self -> self.receive(Void.class));
        node.registerBehaviour("echo-server", Void.class, TestMsg.class, a -> GenServer.body(new RemoteProcessTest.EchoServer()));
        System.out.println("READY " + overlay.self());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing to read; only the end of input matters
        }
        overlay.close();
    }
}
