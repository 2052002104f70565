package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.process.CallException;
import dev.rhizome.process.Down;
import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Probe;
import dev.rhizome.process.supervisor.ChildInfo;
import dev.rhizome.process.supervisor.ChildSpec;
import dev.rhizome.process.supervisor.Placement;
import dev.rhizome.process.supervisor.Supervisor;
import dev.rhizome.process.supervisor.SupervisorRequest;
import dev.rhizome.process.supervisor.SupervisorSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cross-node crash cases with a real process killed by SIGKILL ({@code destroyForcibly}): DOWN and
 * EXIT {@code noconnection} exactly once, a remote child restarted after its node died, and a call to
 * the dead node failing with {@code {nodedown, Node}} within its timeout.
 */
class SigkillTest {

    private static String javaBinary() {
        return ProcessHandle.current().info().command().filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void killedNodeGivesNoconnectionOnceRestartsItsChildAndFailsCalls() throws Exception {
        RhizomeNode overlay = (RhizomeNode) Rhizome.start(Cluster.config("ka", null));
        ProcessNode a = ProcessNode.attach(overlay, new TestSchemaImpl());
        a.registerBehaviour("idle", Void.class, TestMsg.class, args -> self -> self.receive(Void.class));
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx128m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        if (Runtime.version().feature() >= 24) {
            command.add(1, "--enable-native-access=ALL-UNNAMED");
            command.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of(RemoteNodeMain.class.getName(), "kb", overlay.self().hostPort()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        if (line.startsWith("READY")) {
                            ready.complete(line);
                        }
                    }
                } catch (Exception e) {
                    ready.completeExceptionally(e);
                }
            });
            ready.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> overlay.member("kb").isPresent());

            // a monitor and a link on a remote process
            Pid<TestMsg> remote = a.spawnRemote("kb", "idle", null);
            Probe watcher = Probe.trapping(a);
            watcher.run(a, self -> {
                self.monitor(remote);
                self.link(remote);
            });
            // a supervisor with a child placed on kb, falling back to this node
            Pid<SupervisorRequest> sup = Supervisor.start(a, SupervisorSpec.builder().intensity(3, 10)
                    .child(ChildSpec.remote("w", "idle", null, Placement.preferring("kb"))).build());
            assertEquals("kb", childOf(a, sup).nodeName());
            // a call that the dead node will never answer
            Pid<TestMsg> server = a.spawnRemote("kb", "echo-server", null);
            CompletableFuture<Object> call = new CompletableFuture<>();
            a.spawn(self -> {
                try {
                    call.complete(self.call(server, new Ping(60_000, "hang"), Duration.ofSeconds(10)));
                } catch (CallException e) {
                    call.complete(e.reason());
                }
            });
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(100)).until(() -> true);

            long t0 = System.nanoTime();
            child.destroyForcibly(); // SIGKILL
            child.waitFor(10, TimeUnit.SECONDS);

            Object first = watcher.expect(Object.class, Duration.ofSeconds(15));
            Object second = watcher.expect(Object.class, Duration.ofSeconds(5));
            List<Object> both = List.of(first, second);
            assertTrue(both.stream().anyMatch(m -> m instanceof Down d && d.reason().equals(ExitReason.NOCONNECTION)), both.toString());
            assertTrue(both.stream().anyMatch(m -> m instanceof Exit e && e.reason().equals(ExitReason.NOCONNECTION)), both.toString());
            assertEquals(new ExitReason.NodeDown("kb"), call.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "failed within the call timeout");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Pid<?> now = childOf(a, sup);
                return now != null && now.nodeName().equals("ka") && a.isAlive(now);
            });
            watcher.expectNothing(Duration.ofSeconds(1)); // exactly once
        } finally {
            child.destroyForcibly();
            a.close();
            overlay.halt();
        }
    }

    private static Pid<?> childOf(ProcessNode node, Pid<SupervisorRequest> sup) {
        List<ChildInfo> children = Supervisor.whichChildren(node, sup);
        return children.isEmpty() ? null : children.getFirst().pid();
    }
}
