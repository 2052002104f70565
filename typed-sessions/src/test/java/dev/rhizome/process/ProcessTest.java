package dev.rhizome.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Processes, mailboxes, links, exit signals, monitors and names on one node. */
class ProcessTest {

    private final ProcessNode node = ProcessNode.local("test");

    sealed interface Msg {}
    record Num(int n) implements Msg {}
    record Text(String s) implements Msg {}

    @AfterEach
    void close() {
        node.close();
    }

    private static final Duration SHORT = Duration.ofMillis(200);

    /** A process that waits forever. */
    private static <M> ProcessBody<M> idle() {
        return self -> self.receive(Void.class);
    }

    @Test
    void receivesInOrderFromOneSender() throws Exception {
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        Pid<Num> pid = node.spawn(Num.class, self -> {
            List<Object> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(self.receive());
            }
            got.complete(all);
        });
        for (int i = 0; i < 1000; i++) {
            node.send(pid, new Num(i));
        }
        List<Object> all = got.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertEquals(new Num(i), all.get(i));
        }
    }

    @Test
    void selectiveReceiveTakesFirstMatchAndKeepsTheRestInOrder() throws Exception {
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        Pid<Msg> pid = node.spawn(Msg.class, self -> {
            self.receive(Text.class, t -> t.s().equals("go"), Duration.ofSeconds(5)).orElseThrow();
            Text second = self.receive(Text.class);
            List<Object> rest = new ArrayList<>();
            rest.add(second);
            for (Optional<Object> m = self.receive(SHORT); m.isPresent(); m = self.receive(SHORT)) {
                rest.add(m.get());
            }
            got.complete(rest);
        });
        node.send(pid, new Num(1));
        node.send(pid, new Text("a"));
        node.send(pid, new Num(2));
        node.send(pid, new Text("go"));
        node.send(pid, new Num(3));
        assertEquals(List.of(new Text("a"), new Num(1), new Num(2), new Num(3)), got.get(5, TimeUnit.SECONDS));
    }

    @Test
    void receiveTimesOutEmpty() throws Exception {
        CompletableFuture<Optional<Object>> got = new CompletableFuture<>();
        Pid<Object> self = node.spawn(p -> got.complete(p.receive(Duration.ofMillis(50))));
        assertEquals(Optional.empty(), got.get(5, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(self));
    }

    @Test
    void crashPropagatesThroughLinkToNonTrappingParent() {
        Probe watcher = Probe.start(node);
        AtomicReference<Pid<?>> parent = new AtomicReference<>();
        CompletableFuture<Void> crash = new CompletableFuture<>();
        Pid<Object> p = node.spawn(self -> {
            self.spawnLink(child -> {
                crash.join();
                throw new IllegalStateException("boom");
            });
            self.receive(Void.class);
        });
        parent.set(p);
        watcher.run(node, self -> self.monitor(p));
        crash.complete(null);
        Down down = watcher.expect(Down.class);
        assertEquals(p, down.pid());
        assertTrue(down.reason().toString().contains("boom"), down.reason().toString());
    }

    @Test
    void trappingParentGetsExitMessage() {
        Probe parent = Probe.trapping(node);
        AtomicReference<Pid<?>> child = new AtomicReference<>();
        parent.run(node, self -> child.set(self.spawnLink(c -> c.exit(ExitReason.error("bad")))));
        Exit exit = parent.expect(Exit.class);
        assertEquals(child.get(), exit.from());
        assertEquals(ExitReason.error("bad"), exit.reason());
    }

    @Test
    void normalExitThroughLinkIsDroppedUnlessTrapping() {
        Probe plain = Probe.start(node);
        plain.run(node, self -> self.spawnLink(c -> {}));
        plain.expectNothing(SHORT);
        assertTrue(node.isAlive(plain.pid()));

        Probe trapping = Probe.trapping(node);
        trapping.run(node, self -> self.spawnLink(c -> {}));
        assertEquals(ExitReason.NORMAL, trapping.expect(Exit.class).reason());
    }

    @Test
    void exitNormalFromAnotherProcessIsDropped() {
        Pid<Object> target = node.spawn(idle());
        node.exit(target, ExitReason.NORMAL);
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(target));
        watcher.expectNothing(SHORT);
        assertTrue(node.isAlive(target));
    }

    @Test
    void exitKillIsUntrappableAndBecomesKilled() {
        Probe victim = Probe.trapping(node);
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(victim.pid()));
        node.exit(victim.pid(), ExitReason.KILL);
        assertEquals(ExitReason.KILLED, watcher.expect(Down.class).reason());
        victim.expectNothing(Duration.ZERO);
    }

    @Test
    void killThroughLinkIsTrappableAndNotConverted() {
        Probe trapping = Probe.trapping(node);
        trapping.run(node, self -> self.spawnLink(c -> c.exit(ExitReason.KILL)));
        assertEquals(ExitReason.KILL, trapping.expect(Exit.class).reason());

        Probe watcher = Probe.start(node);
        AtomicReference<Pid<?>> middle = new AtomicReference<>();
        CompletableFuture<Void> go = new CompletableFuture<>();
        middle.set(node.spawn(self -> {
            self.spawnLink(c -> {
                go.join();
                c.exit(ExitReason.KILL);
            });
            self.receive(Void.class);
        }));
        watcher.run(node, self -> self.monitor(middle.get()));
        go.complete(null);
        assertEquals(ExitReason.KILL, watcher.expect(Down.class).reason());
    }

    @Test
    void exitSelfNormalTerminates() {
        Probe watcher = Probe.start(node);
        CompletableFuture<Void> go = new CompletableFuture<>();
        Pid<Object> p = node.spawn(self -> {
            go.join();
            self.exit(self.self(), ExitReason.NORMAL);
            self.receive(Void.class);
        });
        watcher.run(node, self -> self.monitor(p));
        go.complete(null);
        assertEquals(ExitReason.NORMAL, watcher.expect(Down.class).reason());
    }

    @Test
    void linksAreIdempotentAndUnlinkStopsSignals() {
        Probe trapping = Probe.trapping(node);
        Pid<Object> other = node.spawn(idle());
        trapping.run(node, self -> {
            self.link(other);
            self.link(other);
            self.unlink(other);
        });
        node.exit(other, ExitReason.KILL);
        trapping.expectNothing(SHORT);
    }

    @Test
    void linkToDeadProcessGivesNoproc() {
        Pid<Object> dead = node.spawn(p -> {});
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(dead));
        Probe trapping = Probe.trapping(node);
        trapping.run(node, self -> self.link(dead));
        Exit exit = trapping.expect(Exit.class);
        assertEquals(ExitReason.NOPROC, exit.reason());
        assertEquals(dead, exit.from());
    }

    @Test
    void linkIsBidirectional() {
        Probe a = Probe.trapping(node);
        Probe b = Probe.trapping(node);
        a.run(node, self -> self.link(b.pid()));
        node.exit(a.pid(), ExitReason.KILL);
        Exit exit = b.expect(Exit.class);
        assertEquals(a.pid(), exit.from());
        assertEquals(ExitReason.KILLED, exit.reason());
    }

    // ---- monitors (OTP monitor_SUITE, local cases) -----------------------------------------------

    @Test
    void downCarriesReasonAndMonitorsStack() {
        Probe watcher = Probe.start(node);
        CompletableFuture<Void> go = new CompletableFuture<>();
        Pid<Object> p = node.spawn(self -> {
            go.join();
            throw new ExitException(ExitReason.error("custom"));
        });
        List<MonitorRef> refs = new ArrayList<>();
        watcher.run(node, self -> {
            refs.add(self.monitor(p));
            refs.add(self.monitor(p));
        });
        go.complete(null);
        Down first = watcher.expect(Down.class);
        Down second = watcher.expect(Down.class);
        assertEquals(ExitReason.error("custom"), first.reason());
        assertEquals(ExitReason.error("custom"), second.reason());
        assertEquals(List.copyOf(refs), List.of(first.ref(), second.ref()));
        watcher.expectNothing(SHORT);
    }

    @Test
    void monitorOfDeadProcessGivesNoprocAtOnce() {
        Pid<Object> dead = node.spawn(p -> {});
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.isAlive(dead));
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(dead));
        assertEquals(ExitReason.NOPROC, watcher.expect(Down.class).reason());
    }

    @Test
    void demonitorBeforeDeathMeansNoDown() {
        Pid<Object> p = node.spawn(idle());
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> assertTrue(self.demonitor(self.monitor(p))));
        node.exit(p, ExitReason.KILL);
        watcher.expectNothing(SHORT);
    }

    @Test
    void demonitorFlushRemovesAQueuedDown() throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        node.spawn(self -> {
            Spawned<Object> s = self.spawnMonitor(c -> {});
            // wait until the DOWN is queued without taking it
            while (self.mailboxSize() == 0) {
                self.receive(Void.class, Duration.ofMillis(5));
            }
            boolean active = self.demonitor(s.ref(), true);
            result.complete(List.of(active, self.receive(Duration.ofMillis(100))));
        });
        assertEquals(List.of(false, Optional.empty()), result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void downAfterDemonitorIsNotDelivered() throws Exception {
        CompletableFuture<Optional<Object>> result = new CompletableFuture<>();
        Pid<Object> target = node.spawn(idle());
        node.spawn(self -> {
            MonitorRef ref = self.monitor(target);
            self.demonitor(ref);
            self.node().exit(target, ExitReason.KILL);
            result.complete(self.receive(Down.class, Duration.ofMillis(200)).map(d -> d));
        });
        assertEquals(Optional.empty(), result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void spawnMonitorGivesDown() {
        Probe watcher = Probe.start(node);
        AtomicReference<Spawned<Object>> spawned = new AtomicReference<>();
        watcher.run(node, self -> spawned.set(self.spawnMonitor(c -> c.exit(ExitReason.shutdown("done")))));
        Down down = watcher.expect(Down.class);
        assertEquals(spawned.get().ref(), down.ref());
        assertEquals(ExitReason.shutdown("done"), down.reason());
    }

    // ---- names ---------------------------------------------------------------------------------

    @Test
    void registeredNamesResolveAndSendFailsForUnknownName() throws Exception {
        Pid<Object> p = node.spawn(idle());
        node.register("srv", p);
        assertEquals(Optional.of(p), node.whereis("srv"));
        assertThrows(IllegalStateException.class, () -> node.register("srv", node.spawn(idle())));
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        node.spawn(self -> {
            try {
                self.send("nobody", "hi");
            } catch (IllegalArgumentException e) {
                failure.complete(e);
            }
        });
        assertTrue(failure.get(5, TimeUnit.SECONDS).getMessage().contains("nobody"));
    }

    @Test
    void nameIsReleasedBeforeDownIsDelivered() throws Exception {
        Pid<Object> holder = node.spawn(idle());
        node.register("unique", holder);
        CompletableFuture<Boolean> reRegistered = new CompletableFuture<>();
        CompletableFuture<Void> watching = new CompletableFuture<>();
        node.spawn(self -> {
            self.monitor("unique");
            watching.complete(null);
            self.receive(Down.class);
            try {
                self.register("unique");
                reRegistered.complete(true);
            } catch (IllegalStateException e) {
                reRegistered.complete(false);
            }
            self.receive(Void.class);
        });
        watching.get(5, TimeUnit.SECONDS);
        node.exit(holder, ExitReason.KILL);
        assertTrue(reRegistered.get(5, TimeUnit.SECONDS));
    }

    @Test
    void monitorByNameResolvesOnce() throws Exception {
        Pid<Object> first = node.spawn(idle());
        node.register("n", first);
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor("n"));
        node.unregister("n");
        Pid<Object> second = node.spawn(idle());
        node.register("n", second);
        node.exit(second, ExitReason.KILL);
        watcher.expectNothing(SHORT);
        node.exit(first, ExitReason.KILL);
        assertEquals(first, watcher.expect(Down.class).pid());
        assertFalse(node.whereis("n").isPresent());
    }

    @Test
    void aLongChainOfLinksDiesWithoutOverflowingAStack() {
        Pid<Object> head = node.spawn(idle());
        Pid<?> previous = head;
        for (int i = 0; i < 5000; i++) {
            Pid<?> link = previous;
            CompletableFuture<Void> linked = new CompletableFuture<>();
            previous = node.spawn(self -> {
                self.link(link);
                linked.complete(null);
                self.receive(Void.class);
            });
            linked.join();
        }
        Pid<?> tail = previous;
        node.exit(head, ExitReason.error("chain"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive(tail));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.processCount() == 0);
    }

    @Test
    void killedProcessStopsBlockingAndReleasesEverything() {
        Pid<Object> p = node.spawn(idle());
        node.register("gone", p);
        node.exit(p, ExitReason.KILL);
        assertFalse(node.isAlive(p));
        assertTrue(node.whereis("gone").isEmpty());
    }
}
