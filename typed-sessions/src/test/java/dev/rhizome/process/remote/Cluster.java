package dev.rhizome.process.remote;

import static org.awaitility.Awaitility.await;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.process.ProcessNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Real full-mesh nodes in this JVM on 127.0.0.1, each with a process runtime. Halts them all on close. */
final class Cluster implements AutoCloseable {

    static final String COOKIE = "process-test-cookie";

    record Member(RhizomeNode overlay, ProcessNode processes) {
        String name() {
            return overlay.self().name();
        }
    }

    private final List<Member> members = new ArrayList<>();
    private final java.util.Set<Member> halted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static OverlayConfig config(String name, String seed) {
        var builder = ProcessNode.configure(OverlayConfig.builder(name)).host("127.0.0.1").port(0).cookie(COOKIE)
                .heartbeatInterval(Duration.ofMillis(100))
                .set("phi-acceptable-pause-ms", "300")
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300));
        if (seed != null) {
            builder.seeds(seed);
        }
        return builder.build();
    }

    Member start(String name) {
        return start(name, members.isEmpty() ? null : members.getFirst().overlay().self().hostPort());
    }

    /** Starts a node that joins nobody yet. */
    Member startAlone(String name) {
        return start(name, null);
    }

    private Member start(String name, String seed) {
        RhizomeNode overlay = (RhizomeNode) Rhizome.start(config(name, seed));
        Member m = new Member(overlay, ProcessNode.attach(overlay, new TestSchemaImpl()));
        members.add(m);
        return m;
    }

    static Cluster of(String... names) {
        Cluster c = new Cluster();
        for (String n : names) {
            c.start(n);
        }
        c.awaitConverged();
        return c;
    }

    void awaitConverged() {
        List<RhizomeNode> live = members.stream().map(Member::overlay).toList();
        Set<NodeId> expected = live.stream().map(RhizomeNode::self).collect(Collectors.toCollection(TreeSet::new));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> live.stream().allMatch(n -> n.members().equals(expected)));
    }

    Member get(int i) {
        return members.get(i);
    }

    /** Crashes member {@code i} and waits until every other member has seen it go. */
    void halt(int i) {
        Member gone = members.get(i);
        gone.overlay().halt();
        gone.processes().close(); // after the crash: no signal leaves the halted node
        halted.add(gone);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> members.stream()
                .filter(m -> !halted.contains(m))
                .allMatch(m -> !m.overlay().members().contains(gone.overlay().self())));
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (halted.contains(m)) {
                continue;
            }
            m.processes().close();
            m.overlay().halt();
        }
    }
}
