package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.SendException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * No message is lost silently when two nodes connect to each other at the same time: every send whose
 * future completed arrives exactly once, every other send failed visibly and was counted.
 *
 * <p>Two scenarios, each repeated: (1) deterministic retirement of a connection that carries data in
 * both directions (b dialed every lane, then a seed-dials b, which wins the tie-break on the control
 * lane and retires b's connection while both sides keep sending on it); (2) both nodes
 * {@code connect} and seed-dial each other at once while senders on other threads send numbered
 * messages on every lane of every channel from the first moment.
 */
class TieBreakLossTest {

    private static final int CODEC = 7;
    private static final int BURST = 64;
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.parallel(ChannelSpec.DEFAULT, 3));

    @Test
    void retiringAConnectionThatCarriesDataLosesNothing() throws Exception {
        for (int round = 0; round < 4; round++) {
            try (TestNodes nodes = new TestNodes()) {
                TestNodes.Node a = nodes.start("a", CHANNELS);
                TestNodes.Node b = nodes.start("b", CHANNELS);
                TestNodes.connectAndAwait(b, a);
                Sender fromA = Sender.start(a, b, ChannelSpec.CONTROL);
                Sender fromB = Sender.start(b, a, ChannelSpec.CONTROL);
                await().atMost(Duration.ofSeconds(10)).until(() -> fromA.sent() > 500 && fromB.sent() > 500);
                seedDial(a, b);
                int mark = fromA.sent();
                await().atMost(Duration.ofSeconds(10)).until(() -> fromA.sent() > mark + 500);
                fromA.stop();
                fromB.stop();
                verify(fromA, b, round);
                verify(fromB, a, round);
            }
        }
    }

    @Test
    void simultaneousConnectsAndSeedDialsLoseNothing() throws Exception {
        List<String> channels = List.of(ChannelSpec.CONTROL, ChannelSpec.DEFAULT);
        for (int round = 0; round < 4; round++) {
            try (TestNodes nodes = new TestNodes()) {
                TestNodes.Node a = nodes.start("a", CHANNELS);
                TestNodes.Node b = nodes.start("b", CHANNELS);
                List<Sender> senders = new ArrayList<>();
                for (String channel : channels) {
                    senders.add(Sender.start(a, b, channel));
                    senders.add(Sender.start(b, a, channel));
                }
                boolean seedDial = round % 2 == 0;
                Thread other = Thread.ofPlatform().start(() -> {
                    if (seedDial) {
                        b.transport().dial(a.address());
                    }
                    b.transport().connect(a.transport().self());
                });
                if (seedDial) {
                    a.transport().dial(b.address());
                }
                a.transport().connect(b.transport().self());
                other.join(5_000);
                TestNodes.awaitFullyConnected(a, b);
                await().atMost(Duration.ofSeconds(10)).until(() -> senders.stream().allMatch(s -> s.delivered() > 300));
                for (Sender s : senders) {
                    s.stop();
                }
                for (Sender s : senders) {
                    verify(s, s.to == a ? a : b, round);
                }
            }
        }
    }

    /** Seed-dials {@code b} from {@code a}; a dial does not retry by itself, so a timed-out one (load) is redone. */
    private static void seedDial(TestNodes.Node a, TestNodes.Node b) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int ups = a.listener().ups.size();
            int failures = a.listener().dialFailures.size();
            a.transport().dial(b.address());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.listener().ups.size() > ups
                    || a.listener().dialFailures.size() > failures);
            if (a.listener().ups.size() > ups) {
                return;
            }
        }
        throw new AssertionError("the seed dial failed three times: " + a.listener().dialFailures);
    }

    /** Waits until every send of {@code sender} has an outcome and checks it against what arrived. */
    private static void verify(Sender sender, TestNodes.Node receiver, int round) {
        List<CompletableFuture<Void>> futures = sender.futures;
        CompletableFuture.allOf(futures.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .orTimeout(10, TimeUnit.SECONDS).join();
        List<Integer> succeeded = new ArrayList<>();
        for (int seq = 0; seq < futures.size(); seq++) {
            try {
                futures.get(seq).join();
                succeeded.add(seq);
            } catch (CompletionException e) {
                assertTrue(e.getCause() instanceof SendException, "round " + round + ": " + e.getCause());
            }
        }
        String from = sender.from.name();
        String channel = sender.channel;
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                Map<Integer, Integer> got = received(receiver, from, channel);
                return succeeded.stream().allMatch(got::containsKey);
            });
        } catch (ConditionTimeoutException e) {
            // reported below with the count of lost messages
        }
        Map<Integer, Integer> got = received(receiver, from, channel);
        int lost = 0;
        for (int seq : succeeded) {
            if (!got.containsKey(seq)) {
                lost++;
            }
        }
        assertEquals(0, lost, "round " + round + ": " + lost + " of " + succeeded.size()
                + " successfully sent messages never arrived (" + from + " -> " + receiver.name() + " on " + channel + ")");
        got.forEach((seq, times) -> assertEquals(1, times, "round " + round + ": message " + seq + " arrived " + times + " times"));
        assertEquals(futures.size() - succeeded.size(), sender.failuresCounted(),
                "round " + round + ": every failed send is counted in failed-sends");
    }

    private static Map<Integer, Integer> received(TestNodes.Node receiver, String from, String channel) {
        Map<Integer, Integer> got = new HashMap<>();
        for (RecordingListener.Received r : receiver.listener().received) {
            if (r.codecId() == CODEC && r.peer().name().equals(from) && r.channel().equals(channel)) {
                got.merge(ByteBuffer.wrap(r.payload()).getInt(), 1, Integer::sum);
            }
        }
        return got;
    }

    /** Sends numbered messages in bursts on every lane of one channel, from its own thread. */
    private static final class Sender {

        final TestNodes.Node from;
        final TestNodes.Node to;
        final String channel;
        final List<CompletableFuture<Void>> futures = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final long failedBefore;
        private volatile int sent;
        private volatile int delivered;
        private Thread thread;

        private Sender(TestNodes.Node from, TestNodes.Node to, String channel) {
            this.from = from;
            this.to = to;
            this.channel = channel;
            this.failedBefore = failedSends();
        }

        static Sender start(TestNodes.Node from, TestNodes.Node to, String channel) {
            Sender s = new Sender(from, to, channel);
            s.thread = Thread.ofPlatform().name("sender-" + from.name() + "-" + channel).start(s::run);
            return s;
        }

        private void run() {
            NodeId peer = to.transport().self();
            int lanes = channel.equals(ChannelSpec.CONTROL) ? 1 : CHANNELS.get(0).parallelism();
            for (int burst = 0; burst < 100_000 && !stop.get(); burst++) {
                CompletableFuture<Void> last = null;
                for (int i = 0; i < BURST; i++) {
                    int seq = futures.size();
                    byte[] payload = ByteBuffer.allocate(16).putInt(seq).array();
                    last = from.transport().send(peer, channel, seq % lanes, CODEC, payload).toCompletableFuture();
                    futures.add(last);
                }
                sent = futures.size();
                try {
                    last.get(5, TimeUnit.SECONDS);
                    delivered = futures.size();
                } catch (Exception e) {
                    // a failed send is an outcome like any other (verify() checks it); wait for a lane
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                            .until(() -> stop.get() || from.transport().connectionCount(peer, channel) > 0);
                }
            }
        }

        int sent() {
            return sent;
        }

        int delivered() {
            return delivered;
        }

        long failuresCounted() {
            return failedSends() - failedBefore;
        }

        private long failedSends() {
            return from.counter(channel, to.name(), "failed-sends");
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }
}
