package dev.rhizome.bench.processes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The baseline for local ping-pong: two Apache Pekko typed actors on Pekko's default dispatcher
 * bounce one message, exactly as the two Rhizome processes do (one ball in flight, reused, both
 * directions counted). Pekko's configuration is its default apart from quiet logging.
 */
final class PekkoPingPong implements AutoCloseable {

    /** What the pinger understands. */
    sealed interface Msg {}

    /** Starts one round; the pinger completes {@code result} with messages per second. */
    record Start(long nanos, CompletableFuture<Double> result) implements Msg {}

    /** The ball, bounced between pinger and ponger. */
    record Ball(ActorRef<Msg> pinger) implements Msg {}

    private final ActorSystem<Msg> system;

    PekkoPingPong() {
        Config config = ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                """).withFallback(ConfigFactory.load());
        system = ActorSystem.create(Behaviors.setup(Pinger::new), "bench-pingpong", config);
    }

    /** One round of {@code length}; returns messages per second. */
    double round(Duration length) throws Exception {
        CompletableFuture<Double> result = new CompletableFuture<>();
        system.tell(new Start(length.toNanos(), result));
        return result.get(length.toSeconds() + 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Behavior<Ball> ponger() {
        return Behaviors.receive(Ball.class).onMessage(Ball.class, ball -> {
            ball.pinger().tell(ball);
            return Behaviors.same();
        }).build();
    }

    /** Counts round trips until the round's end, checking the clock every 1,024 trips. */
    private static final class Pinger extends AbstractBehavior<Msg> {
        private final ActorRef<Ball> ponger;
        private final Ball ball;
        private CompletableFuture<Double> result;
        private long trips;
        private long start;
        private long end;

        Pinger(ActorContext<Msg> context) {
            super(context);
            this.ponger = context.spawn(ponger(), "ponger");
            this.ball = new Ball(context.getSelf());
        }

        @Override
        public Receive<Msg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Start.class, this::onStart)
                    .onMessage(Ball.class, this::onBall)
                    .build();
        }

        private Behavior<Msg> onStart(Start s) {
            result = s.result();
            trips = 0;
            start = System.nanoTime();
            end = start + s.nanos();
            ponger.tell(ball);
            return this;
        }

        private Behavior<Msg> onBall(Ball b) {
            trips++;
            if ((trips & 1023) == 0) {
                long now = System.nanoTime();
                if (now >= end) {
                    result.complete(2.0 * trips / ((now - start) / 1e9));
                    return this;
                }
            }
            ponger.tell(b);
            return this;
        }
    }
}
