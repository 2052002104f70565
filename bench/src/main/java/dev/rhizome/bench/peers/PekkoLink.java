package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;

/**
 * Apache Pekko 1.7, classic actors over Artery TCP, {@code byte[]} payloads (Pekko's built-in
 * {@code ByteArraySerializer}). The receiving system has actors {@code /user/counter} (small path)
 * and {@code /user/bulk}; the sending system has {@code /user/driver}, the sender of every message
 * and the target of every reply. Pekko's defaults apart from quiet logging and a frame size that fits
 * an 8 MiB message ({@code maximum-frame-size} and {@code maximum-large-frame-size} = 9 MiB);
 * {@code largeDestinations} also lists {@code /user/bulk} in {@code large-message-destinations} on
 * both sides, so bulk messages take Artery's separate large-message stream (its own connection).
 */
final class PekkoLink extends PeerLink {

    private final ActorSystem system;
    private final boolean largeDestinations;
    private final byte[] bulk = Msg.encode(Msg.BULK, 0, 0, Msg.BULK_BYTES);
    private volatile ActorRef target;     // server: the client's driver; client: the server's counter
    private volatile ActorRef bulkTarget; // client only
    private volatile ActorRef self;       // the local actor that sends and receives

    private PekkoLink(boolean largeDestinations) {
        this.largeDestinations = largeDestinations;
        this.system = ActorSystem.create("peers", config(largeDestinations));
    }

    static Config config(boolean largeDestinations) {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.actor.provider = remote
                pekko.remote.artery.transport = tcp
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.remote.artery.advanced.maximum-frame-size = 9MiB
                pekko.remote.artery.advanced.maximum-large-frame-size = 9MiB
                """ + (largeDestinations ? "pekko.remote.artery.large-message-destinations = [\"/user/bulk\"]\n" : ""))
                .withFallback(ConfigFactory.load());
    }

    /** Receives byte[] from the peer, and Runnables from {@link #execute}. */
    private static final class Endpoint extends AbstractActor {
        private final PekkoLink link;
        private final boolean server;

        Endpoint(PekkoLink link, boolean server) {
            this.link = link;
            this.server = server;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(byte[].class, bytes -> {
                        if (server && link.target == null) {
                            link.target = getSender();
                        }
                        link.handler.onMessage(Msg.type(bytes), Msg.a(bytes), Msg.b(bytes));
                    })
                    .match(Runnable.class, Runnable::run)
                    .build();
        }
    }

    static PekkoLink server(boolean largeDestinations) {
        PekkoLink link = new PekkoLink(largeDestinations);
        link.self = link.system.actorOf(Props.create(Endpoint.class, () -> new Endpoint(link, true)), "counter");
        link.system.actorOf(Props.create(Endpoint.class, () -> new Endpoint(link, true)), "bulk");
        return link;
    }

    String address() {
        var address = ((ExtendedActorSystem) system).provider().getDefaultAddress();
        return address.host().get() + ":" + address.port().get();
    }

    static PekkoLink client(String address, boolean largeDestinations) throws Exception {
        PekkoLink link = new PekkoLink(largeDestinations);
        link.self = link.system.actorOf(Props.create(Endpoint.class, () -> new Endpoint(link, false)), "driver");
        String base = "pekko://peers@" + address + "/user/";
        link.target = link.system.actorSelection(base + "counter").resolveOne(Duration.ofSeconds(20))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        link.bulkTarget = link.system.actorSelection(base + "bulk").resolveOne(Duration.ofSeconds(20))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return link;
    }

    @Override
    void send(int type, long a, long b, int size) {
        ActorRef to = target;
        if (to == null) {
            throw new IllegalStateException("no peer yet");
        }
        to.tell(Msg.encode(type, a, b, size), self);
    }

    @Override
    void sendBulk() {
        bulkTarget.tell(bulk, self);
    }

    @Override
    void flush() {
        // Artery flushes by itself.
    }

    @Override
    void execute(Runnable task) {
        self.tell(task, ActorRef.noSender());
    }

    @Override
    String describe() {
        return "Pekko " + system.settings().config().getString("pekko.version") + " classic actors, Artery TCP, byte[] payloads, "
                + (largeDestinations ? "/user/bulk in large-message-destinations" : "default configuration")
                + ", maximum-frame-size 9 MiB";
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("pekko: terminate: " + e);
        }
    }
}
