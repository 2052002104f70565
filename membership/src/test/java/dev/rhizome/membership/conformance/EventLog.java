package dev.rhizome.membership.conformance;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What one listener was told, in order: a {@link NodeListener} that remembers every event. */
public final class EventLog implements NodeListener {

    /** One event: the node concerned and the reason given. */
    public record Event(NodeId node, String reason) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(NodeId node, String reason) {
        events.add(new Event(node, reason));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Events about the node called {@code name}, any incarnation. */
    public List<Event> about(String name) {
        return events.stream().filter(e -> e.node().name().equals(name)).toList();
    }

    /** Whether some event was about the node called {@code name}. */
    public boolean saw(String name) {
        return !about(name).isEmpty();
    }

    /** Whether some event was about exactly this incarnation. */
    public boolean saw(NodeId node) {
        return events.stream().anyMatch(e -> e.node().equals(node));
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
