package dev.rhizome.process.supervisor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Probe;
import dev.rhizome.process.SpawnException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ports of OTP's supervisor_SUITE cases (as mirrored by partisan_supervisor_SUITE). */
class SupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ProcessNode node = ProcessNode.local("sup");

    @AfterEach
    void close() {
        node.close();
    }

    private static ProcessBody<Object> idle() {
        return self -> self.receive(Void.class);
    }

    /** A worker that traps exits and ignores shutdown requests. */
    private static ProcessBody<Object> stubborn() {
        return self -> {
            while (true) {
                self.receive();
            }
        };
    }

    /**
     * A child that traps exits before its start returns, as an OTP child's init does (a plain spawn
     * would race the supervisor's first shutdown signal).
     */
    private static ChildSpec trapping(String id, ProcessBody<Object> body) {
        return ChildSpec.worker(id, a -> {
            java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
            Pid<Object> pid = a.supervisor().spawnLink(self -> {
                self.trapExit(true);
                ready.complete(null);
                body.run(self);
            });
            ready.get(5, java.util.concurrent.TimeUnit.SECONDS);
            return pid;
        });
    }

    private static ChildSpec worker(String id) {
        return ChildSpec.process(id, idle());
    }

    private Pid<SupervisorRequest> start(Strategy strategy, ChildSpec... children) {
        return start(strategy, 10, 60, children);
    }

    private Pid<SupervisorRequest> start(Strategy strategy, int intensity, int period, ChildSpec... children) {
        SupervisorSpec.Builder b = SupervisorSpec.builder().strategy(strategy).intensity(intensity, period);
        Stream.of(children).forEach(b::child);
        return Supervisor.start(node, b.build());
    }

    private Map<String, Pid<?>> pids(Pid<SupervisorRequest> sup) {
        Map<String, Pid<?>> out = new java.util.LinkedHashMap<>();
        for (ChildInfo c : Supervisor.whichChildren(node, sup)) {
            out.put(c.id(), c.pid());
        }
        return out;
    }

    private Pid<?> awaitNewPid(Pid<SupervisorRequest> sup, String id, Pid<?> old) {
        await().atMost(WAIT).until(() -> {
            Pid<?> p = pids(sup).get(id);
            return p != null && !p.equals(old);
        });
        return pids(sup).get(id);
    }

    // ---- sup_start -----------------------------------------------------------------------------

    @Test
    void supStartNormal() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, worker("a"), worker("b"));
        Map<String, Pid<?>> children = pids(sup);
        assertEquals(List.of("a", "b"), List.copyOf(children.keySet()));
        assertTrue(children.values().stream().allMatch(node::isAlive));
    }

    @Test
    void supStartIgnoreInInit() {
        assertNull(Supervisor.start(node, () -> null));
        await().atMost(WAIT).until(() -> node.processCount() == 0);
    }

    @Test
    void supStartIgnoreChild() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, ChildSpec.worker("ignored", a -> null), worker("b"));
        assertEquals(new ChildCounts(2, 1, 0, 2), Supervisor.countChildren(node, sup));
        assertNull(pids(sup).get("ignored"));
    }

    @Test
    void supStartErrorStopsStartedChildren() {
        List<Pid<?>> started = new CopyOnWriteArrayList<>();
        ChildSpec recorded = ChildSpec.worker("a", a -> {
            Pid<?> p = a.supervisor().spawnLink(idle());
            started.add(p);
            return p;
        });
        ChildSpec failing = ChildSpec.worker("bad", a -> {
            throw new IllegalStateException("no");
        });
        SpawnException e = assertThrows(SpawnException.class, () -> start(Strategy.ONE_FOR_ONE, recorded, failing));
        assertTrue(e.getMessage().contains("failed_to_start_child bad"), e.getMessage());
        await().atMost(WAIT).until(() -> !node.isAlive(started.getFirst()));
    }

    @Test
    void supStartChildReturningError() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE);
        SupervisorException e = assertThrows(SupervisorException.class, () -> Supervisor.startChild(node, sup,
                ChildSpec.worker("bad", a -> {
                    throw new IllegalStateException("child error");
                })));
        assertTrue(e.getMessage().contains("child error"));
        assertEquals(0, Supervisor.countChildren(node, sup).specs());
    }

    // ---- sup_stop ------------------------------------------------------------------------------

    private ExitReason stopAndWatch(ChildSpec spec) {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, spec);
        Pid<?> child = pids(sup).get(spec.id());
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(child));
        Supervisor.stop(node, sup);
        return watcher.expect(Down.class, WAIT).reason();
    }

    @Test
    void supStopTimeoutKillsAStubbornChildAfterTheTimeout() {
        long t0 = System.nanoTime();
        ExitReason reason = stopAndWatch(trapping("s", stubborn()).withShutdown(ShutdownPolicy.timeout(Duration.ofMillis(300))));
        assertEquals(ExitReason.KILLED, reason);
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void supStopBrutalKill() {
        assertEquals(ExitReason.KILLED, stopAndWatch(trapping("s", stubborn()).withShutdown(ShutdownPolicy.brutalKill())));
    }

    @Test
    void supStopInfinityWaitsForAnOrderlyExit() {
        ProcessBody<Object> polite = self -> {
            Exit exit = self.receive(Exit.class);
            throw self.exit(exit.reason());
        };
        assertEquals(ExitReason.SHUTDOWN, stopAndWatch(trapping("p", polite).withShutdown(ShutdownPolicy.infinity())));
    }

    @Test
    void supStopTimeoutDynamicChildrenUnderOneTimer() {
        Pid<SupervisorRequest> sup = start(Strategy.SIMPLE_ONE_FOR_ONE,
                trapping("tmpl", stubborn()).withShutdown(ShutdownPolicy.timeout(Duration.ofMillis(400))));
        Probe watcher = Probe.start(node);
        for (int i = 0; i < 3; i++) {
            Pid<?> child = Supervisor.startChild(node, sup, (Object) i);
            watcher.run(node, self -> self.monitor(child));
        }
        long t0 = System.nanoTime();
        Supervisor.stop(node, sup);
        for (int i = 0; i < 3; i++) {
            assertEquals(ExitReason.KILLED, watcher.expect(Down.class).reason());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 400 && ms < 1100, "one timer for all, took " + ms + " ms");
    }

    @Test
    void supStopBrutalKillDynamicChildren() {
        Pid<SupervisorRequest> sup = start(Strategy.SIMPLE_ONE_FOR_ONE,
                trapping("tmpl", stubborn()).withShutdown(ShutdownPolicy.brutalKill()));
        Probe watcher = Probe.start(node);
        for (int i = 0; i < 3; i++) {
            Pid<?> child = Supervisor.startChild(node, sup, (Object) i);
            watcher.run(node, self -> self.monitor(child));
        }
        Supervisor.stop(node, sup);
        for (int i = 0; i < 3; i++) {
            assertEquals(ExitReason.KILLED, watcher.expect(Down.class).reason());
        }
    }

    @Test
    void childrenStopInReverseStartOrder() {
        List<String> stopped = new CopyOnWriteArrayList<>();
        ChildSpec[] specs = Stream.of("a", "b", "c").map(id -> trapping(id, self -> {
            Exit exit = self.receive(Exit.class);
            stopped.add(id);
            throw self.exit(exit.reason());
        })).toArray(ChildSpec[]::new);
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, specs);
        Supervisor.stop(node, sup);
        assertEquals(List.of("c", "b", "a"), stopped);
    }

    // ---- termination matrix --------------------------------------------------------------------

    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of(RestartType.PERMANENT, ExitReason.NORMAL, true, true),
                Arguments.of(RestartType.PERMANENT, ExitReason.SHUTDOWN, true, true),
                Arguments.of(RestartType.PERMANENT, ExitReason.error("abnormal"), true, true),
                Arguments.of(RestartType.TRANSIENT, ExitReason.NORMAL, false, true),
                Arguments.of(RestartType.TRANSIENT, ExitReason.shutdown("x"), false, true),
                Arguments.of(RestartType.TRANSIENT, ExitReason.error("abnormal"), true, true),
                Arguments.of(RestartType.TEMPORARY, ExitReason.NORMAL, false, false),
                Arguments.of(RestartType.TEMPORARY, ExitReason.SHUTDOWN, false, false),
                Arguments.of(RestartType.TEMPORARY, ExitReason.error("abnormal"), false, false));
    }

    @ParameterizedTest(name = "{0} child exiting {1}")
    @MethodSource("matrix")
    void terminationMatrix(RestartType type, ExitReason reason, boolean restarted, boolean specKept) {
        AtomicInteger starts = new AtomicInteger();
        ChildSpec spec = ChildSpec.worker("c", a -> {
            int n = starts.incrementAndGet();
            return a.supervisor().spawnLink(self -> {
                if (n == 1) {
                    self.receive(String.class);
                    throw self.exit(reason);
                }
                self.receive(Void.class);
            });
        }).withRestart(type);
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, spec);
        Pid<?> first = pids(sup).get("c");
        node.send(first.narrow(), "exit now");
        if (restarted) {
            assertNotEquals(first, awaitNewPid(sup, "c", first));
        } else {
            await().atMost(WAIT).until(() -> !node.isAlive(first));
            await().atMost(WAIT).until(() -> Supervisor.countChildren(node, sup).active() == 0);
            assertEquals(specKept ? 1 : 0, Supervisor.countChildren(node, sup).specs());
            assertEquals(1, starts.get());
        }
    }

    // ---- restart strategies --------------------------------------------------------------------

    @Test
    void oneForOneRestartsOnlyTheFailedChild() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, worker("a"), worker("b"), worker("c"));
        Map<String, Pid<?>> before = pids(sup);
        node.exit(before.get("b"), ExitReason.error("crash"));
        awaitNewPid(sup, "b", before.get("b"));
        Map<String, Pid<?>> after = pids(sup);
        assertEquals(before.get("a"), after.get("a"));
        assertEquals(before.get("c"), after.get("c"));
    }

    @Test
    void oneForAllRestartsEveryChild() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ALL, worker("a"), worker("b"), worker("c"));
        Map<String, Pid<?>> before = pids(sup);
        node.exit(before.get("b"), ExitReason.error("crash"));
        awaitNewPid(sup, "b", before.get("b"));
        Map<String, Pid<?>> after = pids(sup);
        for (String id : List.of("a", "b", "c")) {
            assertNotEquals(before.get(id), after.get(id), id);
            assertTrue(!node.isAlive(before.get(id)));
        }
    }

    @Test
    void restForOneRestartsTheFailedChildAndLaterOnes() {
        Pid<SupervisorRequest> sup = start(Strategy.REST_FOR_ONE, worker("a"), worker("b"), worker("c"));
        Map<String, Pid<?>> before = pids(sup);
        node.exit(before.get("b"), ExitReason.error("crash"));
        awaitNewPid(sup, "c", before.get("c"));
        awaitNewPid(sup, "b", before.get("b"));
        assertEquals(before.get("a"), pids(sup).get("a"));
    }

    @Test
    void simpleOneForOneRestartsADynamicChild() {
        Pid<SupervisorRequest> sup = start(Strategy.SIMPLE_ONE_FOR_ONE, worker("tmpl"));
        Pid<?> one = Supervisor.startChild(node, sup, (Object) "x");
        Pid<?> two = Supervisor.startChild(node, sup, (Object) "y");
        node.exit(one, ExitReason.error("crash"));
        await().atMost(WAIT).until(() -> {
            List<Pid<?>> now = Supervisor.whichChildren(node, sup).stream().<Pid<?>>map(ChildInfo::pid).toList();
            return now.size() == 2 && now.contains(two) && !now.contains(one);
        });
        assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(node, sup, "tmpl"));
        assertThrows(SupervisorException.class, () -> Supervisor.restartChild(node, sup, "tmpl"));
        Supervisor.terminateChild(node, sup, two);
        assertEquals(1, Supervisor.countChildren(node, sup).specs());
    }

    @Test
    void exceedingIntensityStopsChildrenAndEscalatesShutdown() {
        Probe parent = Probe.trapping(node);
        java.util.concurrent.atomic.AtomicReference<Pid<SupervisorRequest>> supRef = new java.util.concurrent.atomic.AtomicReference<>();
        parent.run(node, self -> supRef.set(Supervisor.startLink(self, SupervisorSpec.builder()
                .intensity(1, 5).child(worker("a")).child(worker("b")).build())));
        Pid<SupervisorRequest> sup = supRef.get();
        Pid<?> a = pids(sup).get("a");
        Pid<?> b = pids(sup).get("b");
        node.exit(a, ExitReason.error("crash 1"));
        Pid<?> a2 = awaitNewPid(sup, "a", a);
        node.exit(a2, ExitReason.error("crash 2"));
        Exit exit = parent.expect(Exit.class);
        assertEquals(sup, exit.from());
        assertEquals(ExitReason.SHUTDOWN, exit.reason());
        assertTrue(!node.isAlive(b));
    }

    @Test
    void restartsSpreadBeyondThePeriodAreAllowedWithAFakeClock() {
        AtomicLong clock = new AtomicLong(1000);
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder().intensity(1, 5)
                .clock(clock::get).child(worker("a")).build());
        Pid<?> current = pids(sup).get("a");
        for (int i = 0; i < 4; i++) {
            node.exit(current, ExitReason.error("crash"));
            current = awaitNewPid(sup, "a", current);
            clock.addAndGet(6);
        }
        assertTrue(node.isAlive(sup));
    }

    @Test
    void countChildrenAndOrder() {
        SupervisorSpec inner = SupervisorSpec.builder().build();
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, worker("w1"), ChildSpec.supervisor("s1", inner), worker("w2"));
        assertEquals(new ChildCounts(3, 3, 1, 2), Supervisor.countChildren(node, sup));
        assertEquals(List.of("w1", "s1", "w2"), List.copyOf(pids(sup).keySet()));
    }

    @Test
    void hangingRestartLoopStaysResponsiveAndCountsAgainstIntensity() {
        AtomicInteger starts = new AtomicInteger();
        ChildSpec flaky = ChildSpec.worker("flaky", a -> {
            if (starts.incrementAndGet() > 1) {
                throw new IllegalStateException("cannot start again");
            }
            return a.supervisor().spawnLink(idle());
        });
        Probe parent = Probe.trapping(node);
        java.util.concurrent.atomic.AtomicReference<Pid<SupervisorRequest>> supRef = new java.util.concurrent.atomic.AtomicReference<>();
        parent.run(node, self -> supRef.set(Supervisor.startLink(self, SupervisorSpec.builder()
                .intensity(3, 60).child(worker("steady")).child(flaky).build())));
        Pid<SupervisorRequest> sup = supRef.get();
        node.exit(pids(sup).get("flaky"), ExitReason.error("crash"));
        assertEquals(ExitReason.SHUTDOWN, parent.expect(Exit.class).reason());
        assertEquals(4, starts.get(), "the first start plus three retries within intensity 3");
    }

    @Test
    void hangingRestartLoopRestForOne() {
        AtomicInteger starts = new AtomicInteger();
        ChildSpec flaky = ChildSpec.worker("flaky", a -> {
            if (starts.incrementAndGet() > 1) {
                throw new IllegalStateException("cannot start again");
            }
            return a.supervisor().spawnLink(idle());
        });
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder().strategy(Strategy.REST_FOR_ONE)
                .intensity(2, 60).child(flaky).child(worker("after")).build());
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(sup));
        node.exit(pids(sup).get("flaky"), ExitReason.error("crash"));
        assertEquals(ExitReason.SHUTDOWN, watcher.expect(Down.class).reason());
    }

    @Test
    void hangingRestartLoopSimple() {
        AtomicInteger starts = new AtomicInteger();
        ChildSpec flaky = ChildSpec.worker("tmpl", a -> {
            if (starts.incrementAndGet() > 1) {
                throw new IllegalStateException("cannot start again");
            }
            return a.supervisor().spawnLink(idle());
        });
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .intensity(2, 60).child(flaky).build());
        Pid<?> child = Supervisor.startChild(node, sup, (Object) "x");
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(sup));
        node.exit(child, ExitReason.error("crash"));
        assertEquals(ExitReason.SHUTDOWN, watcher.expect(Down.class).reason());
        assertEquals(3, starts.get(), "the first start plus two retries within intensity 2");
    }

    @Test
    void supStopRaceWithAChildExitingOnItsOwn() {
        // OTP's sup_stop_race: a child that exits by itself while the supervisor shuts it down
        for (int round = 0; round < 20; round++) {
            CountDownLatch go = new CountDownLatch(1);
            ChildSpec racer = trapping("racer", self -> {
                go.await(5, java.util.concurrent.TimeUnit.SECONDS);
                throw self.exit(ExitReason.SHUTDOWN);
            }).withRestart(RestartType.TRANSIENT);
            Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, racer, worker("other"));
            Map<String, Pid<?>> children = pids(sup);
            Probe watcher = Probe.start(node);
            watcher.run(node, self -> self.monitor(sup));
            go.countDown();
            Supervisor.stop(node, sup);
            assertEquals(ExitReason.NORMAL, watcher.expect(Down.class).reason(), "round " + round);
            for (Pid<?> pid : children.values()) {
                assertFalse(node.isAlive(pid), "round " + round + ": " + pid);
            }
        }
    }

    @Test
    void temporaryBystanderIsTerminatedAndRemovedOnOneForAll() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ALL, worker("perm"),
                worker("temp").withRestart(RestartType.TEMPORARY));
        Map<String, Pid<?>> before = pids(sup);
        node.exit(before.get("perm"), ExitReason.error("crash"));
        awaitNewPid(sup, "perm", before.get("perm"));
        await().atMost(WAIT).until(() -> !node.isAlive(before.get("temp")));
        assertEquals(List.of("perm"), List.copyOf(pids(sup).keySet()));
    }

    // ---- children at run time ------------------------------------------------------------------

    @Test
    void addTerminateRestartAndDeleteChildrenAtRunTime() {
        Pid<SupervisorRequest> sup = start(Strategy.ONE_FOR_ONE, worker("a"));
        Pid<?> b = Supervisor.startChild(node, sup, worker("b"));
        assertNotNull(b);
        assertThrows(SupervisorException.class, () -> Supervisor.startChild(node, sup, worker("b")));
        assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(node, sup, "b"));
        Supervisor.terminateChild(node, sup, "b");
        assertTrue(!node.isAlive(b));
        assertNull(pids(sup).get("b"));
        Pid<?> b2 = Supervisor.restartChild(node, sup, "b");
        assertTrue(node.isAlive(b2));
        Supervisor.terminateChild(node, sup, "b");
        Supervisor.deleteChild(node, sup, "b");
        assertEquals(List.of("a"), List.copyOf(pids(sup).keySet()));
        assertThrows(SupervisorException.class, () -> Supervisor.terminateChild(node, sup, "zzz"));
    }

    // ---- significant children (auto_shutdown) --------------------------------------------------

    private static ChildSpec exitsOnRequest(String id, RestartType type) {
        return ChildSpec.process(id, self -> {
            String how = self.receive(String.class);
            throw self.exit(how.equals("normal") ? ExitReason.NORMAL : ExitReason.error(how));
        }).withRestart(type).asSignificant();
    }

    private ExitReason watchSupervisor(Pid<SupervisorRequest> sup, Runnable action, boolean expectDown) {
        Probe watcher = Probe.start(node);
        watcher.run(node, self -> self.monitor(sup));
        action.run();
        if (!expectDown) {
            watcher.expectNothing(Duration.ofMillis(300));
            return null;
        }
        return watcher.expect(Down.class).reason();
    }

    @Test
    void significantTemporaryAnyShutsDownWhenItExits() {
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder()
                .autoShutdown(SupervisorSpec.AutoShutdown.ANY_SIGNIFICANT)
                .child(exitsOnRequest("t", RestartType.TEMPORARY)).child(worker("w")).build());
        Pid<?> t = pids(sup).get("t");
        assertEquals(ExitReason.SHUTDOWN, watchSupervisor(sup, () -> node.send(t.narrow(), "normal"), true));
    }

    @Test
    void significantTransientAnyRestartsOnCrashAndShutsDownOnNormalExit() {
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder()
                .autoShutdown(SupervisorSpec.AutoShutdown.ANY_SIGNIFICANT)
                .child(exitsOnRequest("t", RestartType.TRANSIENT)).build());
        Pid<?> t = pids(sup).get("t");
        watchSupervisor(sup, () -> node.send(t.narrow(), "crash"), false);
        Pid<?> t2 = awaitNewPid(sup, "t", t);
        assertEquals(ExitReason.SHUTDOWN, watchSupervisor(sup, () -> node.send(t2.narrow(), "normal"), true));
    }

    @Test
    void significantAllWaitsForTheLastSignificantChild() {
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder()
                .autoShutdown(SupervisorSpec.AutoShutdown.ALL_SIGNIFICANT)
                .child(exitsOnRequest("t1", RestartType.TEMPORARY)).child(exitsOnRequest("t2", RestartType.TRANSIENT)).build());
        Map<String, Pid<?>> children = pids(sup);
        watchSupervisor(sup, () -> node.send(children.get("t1").narrow(), "normal"), false);
        assertEquals(ExitReason.SHUTDOWN, watchSupervisor(sup, () -> node.send(children.get("t2").narrow(), "normal"), true));
    }

    @Test
    void significantSimpleOneForOneShutsDownWhenADynamicChildExits() {
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .autoShutdown(SupervisorSpec.AutoShutdown.ANY_SIGNIFICANT)
                .child(exitsOnRequest("tmpl", RestartType.TRANSIENT)).build());
        Pid<?> one = Supervisor.startChild(node, sup, (Object) 1);
        Pid<?> two = Supervisor.startChild(node, sup, (Object) 2);
        watchSupervisor(sup, () -> node.send(one.narrow(), "crash"), false); // restarted, no shutdown
        assertEquals(ExitReason.SHUTDOWN, watchSupervisor(sup, () -> node.send(two.narrow(), "normal"), true));
    }

    @Test
    void significantBystanderTerminatedByARestartDoesNotShutDown() {
        Pid<SupervisorRequest> sup = Supervisor.start(node, SupervisorSpec.builder().strategy(Strategy.ONE_FOR_ALL)
                .autoShutdown(SupervisorSpec.AutoShutdown.ANY_SIGNIFICANT)
                .child(worker("perm")).child(exitsOnRequest("sig", RestartType.TRANSIENT)).build());
        Map<String, Pid<?>> before = pids(sup);
        // the permanent child crashes; one_for_all stops the significant one too and restarts both
        watchSupervisor(sup, () -> node.exit(before.get("perm"), ExitReason.error("crash")), false);
        awaitNewPid(sup, "sig", before.get("sig"));
        assertTrue(node.isAlive(sup));
    }

    @Test
    void significantChildrenNeedAutoShutdownAndCannotBePermanent() {
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.builder()
                .child(exitsOnRequest("t", RestartType.TEMPORARY)).build());
        assertThrows(IllegalArgumentException.class, () -> worker("p").asSignificant());
    }

    @Test
    void specValidationFollowsOtp() {
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.builder().intensity(-1, 5).build());
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.builder().intensity(1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE).build());
        SupervisorSpec defaults = SupervisorSpec.builder().build();
        assertEquals(Strategy.ONE_FOR_ONE, defaults.strategy());
        assertEquals(1, defaults.intensity());
        assertEquals(5, defaults.periodSeconds());
        ChildSpec w = worker("w");
        assertEquals(RestartType.PERMANENT, w.restart());
        assertEquals(ShutdownPolicy.timeout(Duration.ofSeconds(5)), w.shutdown());
        assertEquals(ShutdownPolicy.infinity(), ChildSpec.supervisor("s", defaults).shutdown());
    }

    @Test
    void parentExitStopsTheSupervisorAndItsChildren() {
        Map<String, Pid<?>> children = new ConcurrentHashMap<>();
        Probe watcher = Probe.start(node);
        Pid<Object> parent = node.spawn(self -> {
            Pid<SupervisorRequest> sup = Supervisor.startLink(self, SupervisorSpec.builder().child(worker("a")).build());
            children.putAll(pids(sup));
            self.receive(Void.class);
        });
        await().atMost(WAIT).until(() -> !children.isEmpty());
        Pid<?> a = children.get("a");
        watcher.run(node, self -> self.monitor(a));
        node.exit(parent, ExitReason.error("parent died"));
        assertEquals(ExitReason.SHUTDOWN, watcher.expect(Down.class).reason());
    }
}
