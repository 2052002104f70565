package dev.rhizome.process.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.CallException;
import dev.rhizome.process.Down;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Probe;
import dev.rhizome.process.ReplyTo;
import dev.rhizome.process.SpawnException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gen_server semantics: calls, casts, info, timeouts, late replies, init results, terminate. */
class GenServerTest {

    /** The counter's protocol. */
    sealed interface CounterMsg {}
    record Add(int n) implements CounterMsg {}
    record Get() implements CounterMsg {}
    record Slow(long millis) implements CounterMsg {}
    record Crash() implements CounterMsg {}
    record Halt() implements CounterMsg {}

    private final ProcessNode node = ProcessNode.local("gs");
    private final List<String> terminated = new CopyOnWriteArrayList<>();

    /** Holds every Slow call until the test opens it. */
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void close() {
        gate.countDown();
        node.close();
    }

    private final class Counter implements ServerBehaviour<CounterMsg, Integer> {
        private final boolean trap;

        Counter(boolean trap) {
            this.trap = trap;
        }

        @Override
        public Integer init(ProcessContext<CounterMsg> self) {
            self.trapExit(trap);
            return 0;
        }

        @Override
        public Next<Integer> handleCall(CounterMsg request, ReplyTo from, Integer state, ProcessContext<CounterMsg> self)
                throws Exception {
            return switch (request) {
                case Get g -> Next.reply(state, state);
                case Add a -> Next.reply(state + a.n(), state + a.n());
                case Slow s -> {
                    // a slow handler: it answers only when the test opens the gate (or after s.millis() at most)
                    gate.await(s.millis(), TimeUnit.MILLISECONDS);
                    yield Next.reply("late", state);
                }
                case Crash c -> throw new IllegalStateException("crashed on purpose");
                case Halt h -> Next.stopAndReply(ExitReason.NORMAL, "bye", state);
            };
        }

        @Override
        public Next<Integer> handleCast(CounterMsg request, Integer state, ProcessContext<CounterMsg> self) {
            return request instanceof Add a ? Next.noReply(state + a.n()) : Next.noReply(state);
        }

        @Override
        public Next<Integer> handleInfo(Object message, Integer state, ProcessContext<CounterMsg> self) {
            return message instanceof String ? Next.noReply(state + 100) : Next.noReply(state);
        }

        @Override
        public void terminate(ExitReason reason, Integer state, ProcessContext<CounterMsg> self) {
            terminated.add(reason.toString());
        }
    }

    @Test
    void callCastAndInfo() {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        assertEquals(5, (int) node.call(pid, new Add(5)));
        node.cast(pid, new Add(2));
        node.send(pid.narrow(), "info");
        assertEquals(107, (int) node.call(pid, new Get()));
    }

    @Test
    void defaultCallTimeoutIsFiveSeconds() {
        assertEquals(Duration.ofSeconds(5), ProcessContext.DEFAULT_CALL_TIMEOUT);
    }

    @Test
    void callTimeoutAndTheLateReplyNeverReachesTheMailbox() throws Exception {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        CompletableFuture<ExitReason> timedOut = new CompletableFuture<>();
        CompletableFuture<Object> nextMessage = new CompletableFuture<>();
        Pid<Object> caller = node.spawn(self -> {
            try {
                self.call(pid, new Slow(10_000), Duration.ofMillis(50));
                timedOut.complete(null);
            } catch (CallException e) {
                timedOut.complete(e.reason());
            }
            nextMessage.complete(self.receive()); // the late reply would come before the test's marker
        });
        assertEquals(ExitReason.TIMEOUT, timedOut.get(5, TimeUnit.SECONDS));
        gate.countDown(); // now the server answers, too late
        await().atMost(Duration.ofSeconds(5))
                .until(() -> node.metrics().counter("processes.late-replies").getCount() == 1);
        node.send(caller, "marker");
        assertEquals("marker", nextMessage.get(5, TimeUnit.SECONDS));
    }

    @Test
    void uncaughtCallFailureMakesTheCallerExitWithTheReason() {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        Probe watcher = Probe.start(node);
        Pid<Object> caller = node.spawn(self -> {
            self.receive(String.class);
            self.call(pid, new Slow(500), Duration.ofMillis(20));
        });
        watcher.run(node, self -> self.monitor(caller));
        node.send(caller, "go");
        assertEquals(ExitReason.TIMEOUT, watcher.expect(Down.class).reason());
    }

    @Test
    void callToADeadServerFailsWithNoproc() {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        node.exit(pid, ExitReason.KILL);
        CallException e = assertThrows(CallException.class, () -> node.call(pid, new Get()));
        assertEquals(ExitReason.NOPROC, e.reason());
    }

    @Test
    void serverCrashFailsTheCallWithItsReasonAndRunsTerminate() {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        CallException e = assertThrows(CallException.class, () -> node.call(pid, new Crash()));
        assertTrue(e.reason().toString().contains("crashed on purpose"), e.reason().toString());
        assertEquals(1, terminated.size());
    }

    @Test
    void stopWithReplyAnswersThenTerminates() {
        Pid<CounterMsg> pid = GenServer.start(node, CounterMsg.class, new Counter(false));
        assertEquals("bye", node.call(pid, new Halt()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(pid));
        assertEquals(List.of("normal"), terminated);
    }

    @Test
    void initIgnoreAndInitFailure() {
        assertNull(GenServer.start(node, CounterMsg.class, self -> {
            throw new GenServer.Ignore();
        }));
        SpawnException e = assertThrows(SpawnException.class, () -> GenServer.start(node, CounterMsg.class, self -> {
            throw new IllegalArgumentException("bad config");
        }));
        assertTrue(e.getMessage().contains("bad config"));
    }

    @Test
    void parentExitRunsTerminateWhenTrapping() throws Exception {
        CompletableFuture<Pid<CounterMsg>> server = new CompletableFuture<>();
        Pid<Object> parent = node.spawn(self -> {
            server.complete(GenServer.startLink(self, CounterMsg.class, new Counter(true)));
            self.receive(Void.class);
        });
        Pid<CounterMsg> pid = server.get(5, TimeUnit.SECONDS);
        node.exit(parent, ExitReason.shutdown("parent"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(pid));
        assertEquals(List.of("{shutdown,parent}"), terminated);
    }
}
