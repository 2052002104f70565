package dev.rhizome.process.supervisor;

import dev.rhizome.overlay.NodeId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Chooses the node a child (re)starts on, given the live members and where it ran before. */
@FunctionalInterface
public interface Placement {

    /** The name of the node to start on. */
    String choose(NodeId self, Collection<NodeId> members, Optional<NodeId> previous);

    /** On the supervisor's node. */
    static Placement local() {
        return (self, members, previous) -> self.name();
    }

    /** Always on {@code node} (a start fails while it is not connected). */
    static Placement on(String node) {
        return (self, members, previous) -> node;
    }

    /** The first of {@code nodes} that is a live member, else the supervisor's node. */
    static Placement preferring(String... nodes) {
        List<String> order = List.of(nodes);
        return (self, members, previous) -> order.stream()
                .filter(n -> members.stream().anyMatch(m -> m.name().equals(n)))
                .findFirst().orElse(self.name());
    }

    /**
     * A live member other than the supervisor's node, keeping the previous node while it is alive and
     * otherwise taking the first other member by name; the supervisor's node when there is none.
     */
    static Placement elsewhere() {
        return (self, members, previous) -> {
            if (previous.isPresent() && members.contains(previous.get()) && !previous.get().equals(self)) {
                return previous.get().name();
            }
            return members.stream().filter(m -> !m.name().equals(self.name())).map(NodeId::name).sorted()
                    .findFirst().orElse(self.name());
        };
    }
}
