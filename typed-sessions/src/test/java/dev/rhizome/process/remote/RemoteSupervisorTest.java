package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.supervisor.ChildCounts;
import dev.rhizome.process.supervisor.ChildInfo;
import dev.rhizome.process.supervisor.ChildSpec;
import dev.rhizome.process.supervisor.Strategy;
import dev.rhizome.process.supervisor.Supervisor;
import dev.rhizome.process.supervisor.SupervisorException;
import dev.rhizome.process.supervisor.SupervisorRequest;
import dev.rhizome.process.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The supervisor's API called from another node: its requests and answers cross the wire. */
class RemoteSupervisorTest {

    @Test
    void aSupervisorOnAnotherNodeAnswersEveryRequest() {
        try (Cluster cluster = Cluster.of("sa", "sb")) {
            ProcessNode a = cluster.get(0).processes();
            ProcessNode b = cluster.get(1).processes();
            Pid<SupervisorRequest> sup = Supervisor.start(b, SupervisorSpec.builder().strategy(Strategy.ONE_FOR_ONE)
                    .child(ChildSpec.process("w", self -> self.receive())).build());

            assertEquals(new ChildCounts(1, 1, 0, 1), Supervisor.countChildren(a, sup));
            List<ChildInfo> children = Supervisor.whichChildren(a, sup);
            assertEquals(1, children.size());
            assertEquals("w", children.getFirst().id());
            Pid<?> first = children.getFirst().pid();
            assertTrue(first.isOn(b.self()));
            assertEquals(ChildSpec.ChildType.WORKER, children.getFirst().type());

            SupervisorException running = assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(a, sup, "w"));
            assertEquals("running w", running.getMessage());

            Supervisor.terminateChild(a, sup, "w");
            assertNull(Supervisor.whichChildren(a, sup).getFirst().pid());
            Pid<?> again = Supervisor.restartChild(a, sup, "w");
            assertTrue(again.isOn(b.self()));
            assertNotEquals(first, again);

            assertThrows(IllegalArgumentException.class,
                    () -> Supervisor.startChild(a, sup, ChildSpec.process("x", self -> self.receive())));
            Supervisor.stop(a, sup);
            // the reply leaves before the supervisor's process has finished ending
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.isAlive(sup));
        }
    }

    @Test
    void aSimpleOneForOneChildStartsFromAnotherNodeWithItsArgument() throws Exception {
        try (Cluster cluster = Cluster.of("sc", "sd")) {
            ProcessNode c = cluster.get(0).processes();
            ProcessNode d = cluster.get(1).processes();
            CompletableFuture<Object> argument = new CompletableFuture<>();
            Pid<SupervisorRequest> sup = Supervisor.start(d, SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                    .child(ChildSpec.worker("tmpl", args -> args.supervisor().spawnLink(self -> {
                        argument.complete(args.argument());
                        self.receive();
                    }))).build());

            Pid<?> child = Supervisor.startChild(c, sup, (Object) "hello");
            assertTrue(child.isOn(d.self()));
            assertEquals("hello", argument.get(5, TimeUnit.SECONDS));
            assertEquals(new ChildCounts(1, 1, 0, 1), Supervisor.countChildren(c, sup));

            Supervisor.terminateChild(c, sup, child);
            assertEquals(List.of(), Supervisor.whichChildren(c, sup));
        }
    }
}
