package dev.rhizome.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.server.Next;
import dev.rhizome.process.server.ServerBehaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reactors: processes without a thread of their own keep the process semantics. */
class ReactorTest {

    private final ProcessNode node = ProcessNode.local("reactors");

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void messagesFromOneSenderArriveInOrderOneAtATime() throws Exception {
        List<Object> seen = new ArrayList<>(); // unsynchronized on purpose: one turn at a time
        CompletableFuture<List<Object>> done = new CompletableFuture<>();
        Pid<Object> reactor = node.spawnReactor(Object.class, (message, self) -> {
            seen.add(message);
            if (seen.size() == 3000) {
                done.complete(List.copyOf(seen));
            }
        });
        // three senders at once: a thread process, a reactor and the test thread, 1,000 each
        node.spawn(self -> {
            for (int i = 0; i < 1000; i++) {
                self.send(reactor, "p" + i);
            }
        });
        Pid<Object> relay = node.spawnReactor(Object.class, (message, self) -> self.send(reactor, message));
        for (int i = 0; i < 1000; i++) {
            node.send(relay, "r" + i);
            node.send(reactor, "t" + i);
        }
        List<Object> all = done.get(10, TimeUnit.SECONDS);
        for (String sender : List.of("p", "r", "t")) {
            List<Object> fromOne = all.stream().filter(m -> ((String) m).startsWith(sender)).toList();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                expected.add(sender + i);
            }
            assertEquals(expected, fromOne, "order of sender " + sender);
        }
    }

    @Test
    void aCrashReachesLinksAndMonitorsAndTrappingReactorsGetExitMessages() {
        Probe watcher = Probe.trapping(node);
        AtomicReference<Pid<Object>> crasher = new AtomicReference<>();
        watcher.run(node, self -> crasher.set(self.spawnReactor(Object.class, (message, me) -> {
            throw new IllegalStateException("reactor boom");
        }, true)));
        watcher.run(node, self -> self.monitor(crasher.get()));
        node.send(crasher.get(), "go");
        Exit exit = watcher.expect(Exit.class);
        assertTrue(exit.reason().toString().contains("reactor boom"), exit.reason().toString());
        assertTrue(watcher.expect(Down.class).reason().toString().contains("reactor boom"));

        // a trapping reactor receives a linked process's exit as a message
        CompletableFuture<Exit> trapped = new CompletableFuture<>();
        Pid<Object> trapper = node.spawnReactor(Object.class, new Reactor<>() {
            @Override
            public void init(ProcessContext<Object> self) {
                self.trapExit(true);
                self.spawnLink(child -> {
                    throw self.exit(ExitReason.error("child failed"));
                });
            }

            @Override
            public void handle(Object message, ProcessContext<Object> self) {
                if (message instanceof Exit e) {
                    trapped.complete(e);
                }
            }
        });
        assertEquals(ExitReason.error("child failed"), trapped.join().reason());
        assertTrue(node.isAlive(trapper));
        // kill cannot be trapped
        Probe second = Probe.start(node);
        second.run(node, self -> self.monitor(trapper));
        node.exit(trapper, ExitReason.KILL);
        assertEquals(ExitReason.KILLED, second.expect(Down.class).reason());
    }

    @Test
    void blockingIsRefusedAndStoppingNormallyIsSilent() {
        Probe watcher = Probe.trapping(node);
        AtomicReference<Pid<Object>> blocker = new AtomicReference<>();
        watcher.run(node, self -> blocker.set(self.spawnReactor(Object.class, (message, me) -> me.receive(), true)));
        node.send(blocker.get(), "wait for another");
        assertTrue(watcher.expect(Exit.class).reason().toString().contains("cannot block in receive"));
        AtomicReference<Pid<Object>> caller = new AtomicReference<>();
        watcher.run(node, self -> caller.set(self.spawnReactor(Object.class, (message, me) -> me.call(me.self(), "x"), true)));
        node.send(caller.get(), "call yourself");
        assertTrue(watcher.expect(Exit.class).reason().toString().contains("cannot block in call"));

        AtomicReference<Pid<Object>> stopper = new AtomicReference<>();
        watcher.run(node, self -> stopper.set(self.spawnReactor(Object.class, (message, me) -> {
            throw me.exit(ExitReason.NORMAL);
        }, true)));
        watcher.run(node, self -> self.monitor(stopper.get()));
        node.send(stopper.get(), "stop");
        List<Object> both = List.of(watcher.expect(Object.class), watcher.expect(Object.class));
        assertTrue(both.contains(new Exit(stopper.get(), ExitReason.NORMAL)), both.toString());
        assertTrue(both.stream().anyMatch(m -> m instanceof Down d && d.reason().equals(ExitReason.NORMAL)), both.toString());
    }

    @Test
    void messagesSentBeforeInitEndsWaitForIt() throws Exception {
        java.util.concurrent.CountDownLatch initMayEnd = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        Pid<Object> reactor = node.spawnReactor(Object.class, new Reactor<>() {
            private final List<Object> handled = new ArrayList<>();
            private boolean initDone;

            @Override
            public void init(ProcessContext<Object> self) throws Exception {
                initMayEnd.await(5, TimeUnit.SECONDS);
                initDone = true;
            }

            @Override
            public void handle(Object message, ProcessContext<Object> self) {
                handled.add(initDone ? message : "before init: " + message);
                if (handled.size() == 3) {
                    seen.complete(handled);
                }
            }
        });
        node.send(reactor, 1);
        node.send(reactor, 2);
        node.send(reactor, 3);
        initMayEnd.countDown();
        assertEquals(List.of(1, 2, 3), seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aLongChainOfReactorsForwardsWithoutDeepStacks() throws Exception {
        CompletableFuture<Integer> end = new CompletableFuture<>();
        Pid<Object> next = node.spawnReactor(Object.class, (message, self) -> end.complete((Integer) message));
        for (int i = 0; i < 5000; i++) {
            Pid<Object> to = next;
            next = node.spawnReactor(Object.class, (message, self) -> self.send(to, (Integer) message + 1));
        }
        node.send(next, 0);
        assertEquals(5000, end.get(10, TimeUnit.SECONDS));
    }

    /** Counts, and answers calls. */
    private static class Counter implements ServerBehaviour<Object, Integer> {
        @Override
        public Integer init(ProcessContext<Object> self) {
            return 0;
        }

        @Override
        public Next<Integer> handleCall(Object request, ReplyTo from, Integer state, ProcessContext<Object> self) {
            if (request.equals("crash")) {
                throw new IllegalStateException("server crashed");
            }
            return Next.reply(state, state);
        }

        @Override
        public Next<Integer> handleCast(Object request, Integer state, ProcessContext<Object> self) {
            return Next.noReply(state + (Integer) request);
        }
    }

    @Test
    void aGenServerRunsAsAReactor() {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid<Object> server = GenServer.startReactor(node, Object.class, new Counter() {
            @Override
            public void terminate(ExitReason reason, Integer state, ProcessContext<Object> self) {
                log.add(reason.toString());
            }
        });
        node.cast(server, 5);
        node.cast(server, 7);
        assertEquals(12, (int) node.call(server, "get"));
        CallException crash = org.junit.jupiter.api.Assertions.assertThrows(CallException.class,
                () -> node.call(server, "crash", Duration.ofSeconds(5)));
        assertTrue(crash.reason().toString().contains("server crashed"), crash.reason().toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(server));
        assertEquals(1, log.size());
        assertFalse(node.isAlive(server));
    }
}
