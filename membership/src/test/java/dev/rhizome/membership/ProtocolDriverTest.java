package dev.rhizome.membership;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.infinispan.protostream.SerializationContextInitializer;
import org.junit.jupiter.api.Test;

/** The driver runs a protocol on one thread: timers, outputs, member snapshots, failures. */
class ProtocolDriverTest {

    private static final NodeId SELF = new NodeId("self", "127.0.0.1", 1, 1);
    private static final NodeId PEER = new NodeId("peer", "127.0.0.1", 2, 1);

    /** A small scripted protocol: it reacts to inputs as the tests below need. */
    private static final class ScriptedProtocol implements Protocol {
        final List<Input> seen = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final TreeSet<NodeId> members = new TreeSet<>(List.of(SELF));

        @Override
        public List<Output> handle(long nowMillis, Input input) {
            seen.add(input);
            threads.add(Thread.currentThread().getName());
            return switch (input) {
                case Input.Start start -> List.of(
                        new Output.SetTimer("replaced", nowMillis + 10_000),
                        new Output.SetTimer("replaced", nowMillis + 20),
                        new Output.SetTimer("cancelled", nowMillis + 10),
                        new Output.CancelTimer("cancelled"),
                        new Output.Connect(PEER));
                case Input.ConnectionUp up -> {
                    members.add(up.peer());
                    yield List.of();
                }
                case Input.Leave leave -> throw new IllegalStateException("a protocol bug");
                default -> List.of();
            };
        }

        @Override
        public SortedSet<NodeId> members() {
            return members;
        }

        @Override
        public Router router() {
            return (from, to, channel) -> java.util.Optional.empty();
        }

        @Override
        public List<SerializationContextInitializer> schemas() {
            return List.of();
        }
    }

    @Test
    void timersReplaceAndCancelAndOutputsReachThePerformer() throws Exception {
        ScriptedProtocol protocol = new ScriptedProtocol();
        List<Output> performed = new CopyOnWriteArrayList<>();
        try (ProtocolDriver driver = new ProtocolDriver("t", protocol, System::currentTimeMillis, performed::add)) {
            driver.submit(new Input.Start());
            await().atMost(Duration.ofSeconds(5)).until(() -> protocol.seen.size() == 2);
            assertEquals(new Input.TimerFired("replaced"), protocol.seen.get(1));
            assertEquals(List.of(new Output.Connect(PEER)), performed);

            driver.submitAndWait(new Input.ConnectionUp(PEER)).get(5, TimeUnit.SECONDS);
            assertEquals(new TreeSet<>(List.of(SELF, PEER)), driver.members());
            assertTrue(protocol.threads.stream().allMatch("rhizome-protocol-t"::equals), protocol.threads.toString());
        }
    }

    @Test
    void aFailingStepIsLoggedAndTheDriverKeepsRunning() throws Exception {
        ScriptedProtocol protocol = new ScriptedProtocol();
        try (ProtocolDriver driver = new ProtocolDriver("t", protocol, System::currentTimeMillis, o -> {})) {
            driver.submitAndWait(new Input.Leave()).get(5, TimeUnit.SECONDS);
            driver.submitAndWait(new Input.ConnectionUp(PEER)).get(5, TimeUnit.SECONDS);
            assertEquals(2, driver.members().size());
        }
    }
}
