package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.CallException;
import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Probe;
import dev.rhizome.process.Request;
import dev.rhizome.process.SpawnException;
import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.server.Next;
import dev.rhizome.process.server.ServerBehaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Processes across three real nodes in one JVM: remote send and order, remote spawn, remote links and
 * monitors, refused messages, remote calls. Node loss is in {@link NodeLossTest}.
 */
class RemoteProcessTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static Cluster cluster;
    private static ProcessNode a;
    private static ProcessNode b;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.of("pa", "pb");
        gate = new CountDownLatch(1);
        a = cluster.get(0).processes();
        b = cluster.get(1).processes();
        for (int i = 0; i < 2; i++) {
            ProcessNode n = cluster.get(i).processes();
            // echoes Echo to the pid in... a Ping: sends Ping(n, text) back to the registered "sink"
            n.registerBehaviour("crasher", Ping.class, TestMsg.class, args -> self -> {
                self.receive(Ping.class);
                throw new ExitException(ExitReason.error(args == null ? "crash" : args.text()));
            });
            n.registerBehaviour("idle", Void.class, TestMsg.class, args -> self -> self.receive(Void.class));
            n.registerBehaviour("echo-server", Void.class, TestMsg.class, args -> GenServer.body(new EchoServer(gate)));
        }
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** Opened by {@link #remoteCallAndCast} once its call timed out. */
    private static CountDownLatch gate;

    /**
     * Answers Echo calls; a Ping(n) call is answered only when the gate opens, or after n ms at most
     * (a server whose gate nobody opens never answers in time).
     */
    static final class EchoServer implements ServerBehaviour<TestMsg, Integer> {
        private final CountDownLatch gate;

        EchoServer() {
            this(new CountDownLatch(1));
        }

        EchoServer(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public Integer init(dev.rhizome.process.ProcessContext<TestMsg> self) {
            return 0;
        }

        @Override
        public Next<Integer> handleCall(TestMsg request, dev.rhizome.process.ReplyTo from, Integer state,
                dev.rhizome.process.ProcessContext<TestMsg> self) throws Exception {
            return switch (request) {
                case Echo e -> Next.reply(new Echo("echo " + e.text()), state + 1);
                case Ping p -> {
                    gate.await(p.n(), TimeUnit.MILLISECONDS);
                    yield Next.reply(new Echo("slow"), state);
                }
            };
        }
    }

    @Test
    void remoteSendKeepsPerSenderOrder() throws Exception {
        CompletableFuture<List<Integer>> got = new CompletableFuture<>();
        Pid<TestMsg> receiver = b.spawn(TestMsg.class, self -> {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                seen.add(self.receive(Ping.class).n());
            }
            got.complete(seen);
        });
        a.spawn(self -> {
            for (int i = 0; i < 500; i++) {
                self.send(receiver, new Ping(i, "x"));
            }
        });
        List<Integer> seen = got.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void remoteSpawnByBehaviourName() {
        Probe probe = Probe.trapping(a);
        AtomicReference<Pid<?>> child = new AtomicReference<>();
        probe.run(a, self -> child.set(self.spawnLinkRemote("pb", "crasher", new Ping(0, "remote reason"))));
        assertEquals("pb", child.get().nodeName());
        a.send(child.get().narrow(), new Ping(1, "go"));
        Exit exit = probe.expect(Exit.class);
        assertEquals(child.get(), exit.from());
        assertEquals(ExitReason.error("remote reason"), exit.reason());
    }

    @Test
    void remoteSpawnMonitorAndALargeExitReason() {
        String large = "x".repeat(200_000);
        Probe watcher = Probe.start(a);
        AtomicReference<dev.rhizome.process.Spawned<Object>> spawned = new AtomicReference<>();
        watcher.run(a, self -> spawned.set(self.spawnMonitorRemote("pb", "crasher", new Ping(0, large))));
        a.send(spawned.get().pid(), new Ping(1, "go"));
        Down down = watcher.expect(Down.class);
        assertEquals(spawned.get().ref(), down.ref());
        assertEquals(ExitReason.error(large), down.reason());
    }

    @Test
    void spawnByNameOnTheOwnNodeIsLocal() {
        Pid<TestMsg> local = a.spawnRemote("pa", "idle", null);
        assertTrue(a.isAlive(local));
    }

    @Test
    void remoteSpawnOfUnknownBehaviourOrNodeFailsClearly() {
        SpawnException unknown = assertThrows(SpawnException.class, () -> a.spawnRemote("pb", "nope", null));
        assertTrue(unknown.getMessage().contains("no behaviour 'nope'"), unknown.getMessage());
        SpawnException noNode = assertThrows(SpawnException.class, () -> a.spawnRemote("pz", "idle", null));
        assertTrue(noNode.getMessage().contains("not connected"), noNode.getMessage());
    }

    @Test
    void remoteMonitorGetsCustomReasonAndNoproc() {
        Pid<Object> target = b.spawn(self -> {
            self.receive(Ping.class);
            throw new ExitException(ExitReason.shutdown("custom"));
        });
        Probe watcher = Probe.start(a);
        watcher.run(a, self -> self.monitor(target));
        a.send(target, new Ping(1, "stop"));
        Down down = watcher.expect(Down.class);
        assertEquals(target, down.pid());
        assertEquals(ExitReason.shutdown("custom"), down.reason());
        watcher.run(a, self -> self.monitor(target));
        assertEquals(ExitReason.NOPROC, watcher.expect(Down.class).reason());
    }

    @Test
    void remoteMonitorAndSendByNameAndNode() {
        Pid<Object> named = b.spawn(self -> {
            Ping p = self.receive(Ping.class);
            throw new ExitException(ExitReason.error("got " + p.n()));
        });
        b.register("named", named);
        Probe watcher = Probe.start(a);
        watcher.run(a, self -> self.monitor("named", "pb"));
        watcher.run(a, self -> self.send("named", "pb", new Ping(42, "by name")));
        Down down = watcher.expect(Down.class);
        assertEquals(named, down.pid());
        assertEquals(ExitReason.error("got 42"), down.reason());
        watcher.run(a, self -> self.monitor("nobody", "pb"));
        assertEquals(ExitReason.NOPROC, watcher.expect(Down.class).reason());
        watcher.run(a, self -> self.monitor("named", "no-such-node"));
        assertEquals(ExitReason.NOCONNECTION, watcher.expect(Down.class).reason());
    }

    @Test
    void remoteMonitorGetsNormalExitByPidAndByNameAndNode() {
        Pid<Object> target = b.spawn(self -> self.receive(Ping.class));
        b.register("ends-normally", target);
        Probe byPid = Probe.start(a);
        Probe byName = Probe.start(a);
        byPid.run(a, self -> self.monitor(target));
        byName.run(a, self -> self.monitor("ends-normally", "pb"));
        a.send(target, new Ping(0, "end"));
        assertEquals(ExitReason.NORMAL, byPid.expect(Down.class).reason());
        Down named = byName.expect(Down.class);
        assertEquals(target, named.pid());
        assertEquals(ExitReason.NORMAL, named.reason());
        byPid.expectNothing(Duration.ofMillis(100));
        byName.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void remoteDemonitorByNameStopsTheDown() {
        Pid<Object> named = b.spawn(self -> self.receive(Void.class));
        b.register("quiet", named);
        Probe watcher = Probe.start(a);
        watcher.run(a, self -> self.demonitor(self.monitor("quiet", "pb")));
        watcher.run(a, self -> self.send("quiet", "pb", "sync"));
        b.exit(named, ExitReason.KILL);
        watcher.expectNothing(SHORT);
    }

    @Test
    void remoteLinkIsBidirectionalIdempotentAndUnlinkable() {
        Probe remote = Probe.trapping(b);
        Probe local = Probe.trapping(a);
        local.run(a, self -> {
            self.link(remote.pid());
            self.link(remote.pid());
        });
        // the link is in place on b once a message sent after it arrives
        local.run(a, self -> self.send(remote.pid(), "after-link"));
        assertEquals("after-link", remote.expect(String.class));
        a.exit(local.pid(), ExitReason.KILL);
        Exit exit = remote.expect(Exit.class);
        assertEquals(local.pid(), exit.from());
        assertEquals(ExitReason.KILLED, exit.reason());

        Probe other = Probe.trapping(a);
        other.run(a, self -> {
            self.link(remote.pid());
            self.unlink(remote.pid());
        });
        b.exit(remote.pid(), ExitReason.KILL);
        other.expectNothing(SHORT);
    }

    @Test
    void remoteLinkToDeadProcessGivesNoproc() {
        Pid<Object> dead = b.spawn(self -> {});
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.isAlive(dead));
        Probe local = Probe.trapping(a);
        local.run(a, self -> self.link(dead));
        assertEquals(ExitReason.NOPROC, local.expect(Exit.class).reason());
    }

    @Test
    void undecodableOrForeignMessagesAreRefusedAndCounted() {
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pid<TestMsg> receiver = b.spawn(TestMsg.class, self -> {
            while (true) {
                seen.add(self.receive());
            }
        });
        long before = b.metrics().counter("processes.refused").getCount();
        a.send(receiver.<Object>narrow(), new Stranger("not in the protocol"));
        cluster.get(0).overlay().send(cluster.get(1).overlay().self(), ProcessNode.CHANNEL, new byte[] {1, 2, 3, 4});
        a.send(receiver, new Ping(7, "fine"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertEquals(List.of(new Ping(7, "fine")), seen);
        assertEquals(before + 2, b.metrics().counter("processes.refused").getCount());
    }

    @Test
    void remoteCallAndCast() {
        Pid<TestMsg> server = a.spawnRemote("pb", "echo-server", null);
        assertEquals(new Echo("echo hi"), a.call(server, new Echo("hi")));
        CallException timeout = assertThrows(CallException.class, () -> a.call(server, new Ping(10_000, ""), Duration.ofMillis(50)));
        assertEquals(ExitReason.TIMEOUT, timeout.reason());
        gate.countDown(); // the server answers now, too late
        await().atMost(Duration.ofSeconds(5)).until(() -> a.metrics().counter("processes.late-replies").getCount() >= 1);
        a.cast(server, new Echo("ignored"));
        assertEquals(new Echo("echo again"), a.call(server, new Echo("again")));
    }

    @Test
    void aRemoteCallToAReactorServer() {
        Pid<TestMsg> server = GenServer.startReactor(b, TestMsg.class, new EchoServer());
        assertEquals(new Echo("echo one"), a.call(server, new Echo("one")));
        a.spawn(self -> self.cast(server, new Echo("cast")));
        assertEquals(new Echo("echo two"), a.call(server, new Echo("two")));
        Probe watcher = Probe.start(a);
        watcher.run(a, self -> self.monitor(server));
        a.exit(server, ExitReason.error("stop it"));
        assertEquals(ExitReason.error("stop it"), watcher.expect(Down.class).reason());
    }

    @Test
    void aRemoteCallToADeadServerFailsAtOnceWithNoproc() {
        // the call's monitor travels in the call's own frame; the server's node answers it with DOWN
        Pid<TestMsg> server = a.spawnRemote("pb", "echo-server", null);
        a.exit(server, ExitReason.KILL);
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.isAlive(server));
        long start = System.nanoTime();
        CallException dead = assertThrows(CallException.class, () -> a.call(server, new Echo("late"), Duration.ofSeconds(4)));
        assertEquals(ExitReason.NOPROC, dead.reason());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "failed by DOWN, not by the timeout");
    }

    @Test
    void aPidTravelsAsAMessage() throws Exception {
        CompletableFuture<Object> got = new CompletableFuture<>();
        Pid<Object> receiver = b.spawn(self -> got.complete(self.receive()));
        Pid<Object> probe = a.spawn(self -> self.receive());
        a.send(receiver, probe);
        assertEquals(probe, got.get(5, TimeUnit.SECONDS));
    }

    @Test
    void requestWrappersCarryTheBody() {
        assertEquals("x", new Request.Cast("x").body());
    }
}
