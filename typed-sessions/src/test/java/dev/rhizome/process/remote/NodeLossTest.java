package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.CallException;
import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Probe;
import dev.rhizome.process.registry.ConflictResolver;
import dev.rhizome.process.registry.ReplicatedRegistry;
import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.supervisor.ChildInfo;
import dev.rhizome.process.supervisor.ChildSpec;
import dev.rhizome.process.supervisor.Placement;
import dev.rhizome.process.supervisor.Supervisor;
import dev.rhizome.process.supervisor.SupervisorRequest;
import dev.rhizome.process.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens when a node is lost (halted in-process): noconnection exactly once, node-down calls, registry, supervision. */
class NodeLossTest {

    private static void idleBehaviours(ProcessNode n) {
        n.registerBehaviour("idle", Void.class, TestMsg.class, args -> self -> self.receive(Void.class));
        n.registerBehaviour("crasher", Void.class, TestMsg.class, args -> self -> {
            self.receive(Ping.class);
            throw self.exit(ExitReason.error("crash"));
        });
        n.registerBehaviour("echo-server", Void.class, TestMsg.class, args -> GenServer.body(new RemoteProcessTest.EchoServer()));
    }

    @Test
    void downAndExitCarryNoconnectionExactlyOnceAndCallsFailWithNodeDown() throws Exception {
        try (Cluster cluster = Cluster.of("la", "lb")) {
            ProcessNode a = cluster.get(0).processes();
            ProcessNode b = cluster.get(1).processes();
            idleBehaviours(b);
            Pid<Object> remote = b.spawn(self -> self.receive(Void.class));
            b.register("remote", remote);
            Pid<TestMsg> server = a.spawnRemote("lb", "echo-server", null);
            Probe watcher = Probe.trapping(a);
            Probe byName = Probe.start(a);
            byName.run(a, self -> self.monitor("remote", "lb"));
            watcher.run(a, self -> {
                self.monitor(remote);
                self.link(remote);
            });
            watcher.run(a, self -> self.send(remote, "sync")); // the link has reached b
            CompletableFuture<Object> call = new CompletableFuture<>();
            a.spawn(self -> {
                try {
                    call.complete(self.call(server, new Ping(10_000, "never answered"), Duration.ofSeconds(8)));
                } catch (CallException e) {
                    call.complete(e.reason());
                }
            });
            long t0 = System.nanoTime();
            cluster.halt(1);
            Object first = watcher.expect(Object.class, Duration.ofSeconds(10));
            Object second = watcher.expect(Object.class, Duration.ofSeconds(2));
            List<Object> both = List.of(first, second);
            assertTrue(both.stream().anyMatch(m -> m instanceof Down d && d.reason().equals(ExitReason.NOCONNECTION)), both.toString());
            assertTrue(both.stream().anyMatch(m -> m instanceof Exit e && e.reason().equals(ExitReason.NOCONNECTION)), both.toString());
            assertEquals(new ExitReason.NodeDown("lb"), call.get(8, TimeUnit.SECONDS));
            assertEquals(ExitReason.NOCONNECTION, byName.expect(Down.class).reason());
            byName.expectNothing(Duration.ofMillis(200));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(8).toNanos(), "the call failed before its timeout");
            watcher.expectNothing(Duration.ofMillis(500));
            // monitoring a process on a node that is gone: noconnection (or noproc) at once
            watcher.run(a, self -> self.monitor(remote));
            ExitReason late = watcher.expect(Down.class).reason();
            assertTrue(late.equals(ExitReason.NOCONNECTION) || late.equals(ExitReason.NOPROC), late.toString());
        }
    }

    @Test
    void clusterRegistryReleasesNamesBeforeDownAndOnNodeLoss() throws Exception {
        try (Cluster cluster = Cluster.of("ra", "rb")) {
            ProcessNode a = cluster.get(0).processes();
            ProcessNode b = cluster.get(1).processes();
            ReplicatedRegistry ra = new ReplicatedRegistry(a, ConflictResolver.oldestWins());
            ReplicatedRegistry rb = new ReplicatedRegistry(b, ConflictResolver.oldestWins());
            Pid<Object> holder = a.spawn(self -> self.receive(Void.class));
            assertTrue(ra.register("leader", holder));
            await().atMost(Duration.ofSeconds(5)).until(() -> rb.whereis("leader").equals(Optional.of(holder)));

            // on b: when the holder's DOWN arrives, the name is already gone there too
            CompletableFuture<Optional<Pid<?>>> seenAtDown = new CompletableFuture<>();
            CompletableFuture<Void> monitoring = new CompletableFuture<>();
            b.spawn(self -> {
                self.monitor(holder);
                monitoring.complete(null);
                self.receive(Down.class);
                seenAtDown.complete(rb.whereis("leader"));
            });
            monitoring.get(5, TimeUnit.SECONDS);
            Thread.onSpinWait();
            a.exit(holder, ExitReason.KILL);
            assertEquals(Optional.empty(), seenAtDown.get(5, TimeUnit.SECONDS));

            // a name on a lost node is dropped
            Pid<Object> onB = b.spawn(self -> self.receive(Void.class));
            assertTrue(rb.register("b-name", onB));
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.whereis("b-name").isPresent());
            cluster.halt(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.whereis("b-name").isEmpty());
        }
    }

    @Test
    void registryConflictIsSettledByTheResolverWhenSeparateNodesJoin() throws Exception {
        try (Cluster cluster = new Cluster()) {
            ProcessNode a = cluster.startAlone("ca").processes();
            ProcessNode b = cluster.startAlone("cb").processes();
            ReplicatedRegistry ra = new ReplicatedRegistry(a, ConflictResolver.oldestWins());
            ReplicatedRegistry rb = new ReplicatedRegistry(b, ConflictResolver.oldestWins());
            Pid<Object> pa = a.spawn(self -> self.receive(Void.class));
            Pid<Object> pb = b.spawn(self -> self.receive(Void.class));
            assertTrue(ra.register("dup", pa));
            assertTrue(rb.register("dup", pb));
            var seed = cluster.get(0).overlay().self();
            cluster.get(1).overlay().join(new java.net.InetSocketAddress(seed.host(), seed.port())).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            cluster.awaitConverged();
            Pid<?> winner = ConflictResolver.oldestWins().winner("dup", pa, pb);
            Pid<?> loser = winner.equals(pa) ? pb : pa;
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.whereis("dup").equals(Optional.of(winner))
                    && rb.whereis("dup").equals(Optional.of(winner)));
            ProcessNode loserNode = loser.equals(pa) ? a : b;
            await().atMost(Duration.ofSeconds(5)).until(() -> !loserNode.isAlive(loser));
        }
    }

    @Test
    void supervisorRestartsARemoteChildAfterItCrashesAndAfterItsNodeIsLost() {
        try (Cluster cluster = Cluster.of("sa", "sb", "sc")) {
            ProcessNode a = cluster.get(0).processes();
            for (int i = 0; i < 3; i++) {
                idleBehaviours(cluster.get(i).processes());
            }
            Pid<SupervisorRequest> sup = Supervisor.start(a, SupervisorSpec.builder().intensity(5, 10)
                    .child(ChildSpec.remote("worker", "crasher", null, Placement.preferring("sb", "sc"))).build());
            Pid<?> first = child(a, sup);
            assertEquals("sb", first.nodeName());

            // a remote crash arrives through the remote link
            a.send(first.narrow(), new Ping(1, "crash"));
            await().atMost(Duration.ofSeconds(5)).until(() -> child(a, sup) != null && !child(a, sup).equals(first));
            Pid<?> second = child(a, sup);
            assertEquals("sb", second.nodeName());

            // the node's loss arrives as noconnection; the placement picks the next node
            cluster.halt(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Pid<?> now = child(a, sup);
                return now != null && now.nodeName().equals("sc");
            });
            assertTrue(cluster.get(2).processes().isAlive(child(a, sup)));
        }
    }

    private static Pid<?> child(ProcessNode node, Pid<SupervisorRequest> sup) {
        List<ChildInfo> children = Supervisor.whichChildren(node, sup);
        return children.isEmpty() ? null : children.getFirst().pid();
    }

    @Test
    void remoteCallToANodeThatIsAlreadyGoneFailsWithNodeDown() {
        try (Cluster cluster = Cluster.of("da", "db")) {
            ProcessNode a = cluster.get(0).processes();
            ProcessNode b = cluster.get(1).processes();
            Pid<Object> remote = b.spawn(self -> self.receive(Void.class));
            cluster.halt(1);
            CallException e = assertThrows(CallException.class, () -> a.call(remote, new Echo("x"), Duration.ofSeconds(2)));
            assertEquals(new ExitReason.NodeDown("db"), e.reason());
        }
    }
}
