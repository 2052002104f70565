package dev.rhizome.membership;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.NodeListener;
import dev.rhizome.overlay.Registration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners for one kind of event, each optionally restricted to one key (a node name or a channel).
 * A listener that throws is logged and the others are still told.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private record Entry(String key, NodeListener listener) {}

    private final String kind;
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    Listeners(String kind) {
        this.kind = kind;
    }

    /** Adds a listener told about every event ({@code key == null}) or only about {@code key}. */
    Registration add(String key, NodeListener listener) {
        Entry entry = new Entry(key, listener);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** Tells the listeners registered for {@code key} or for everything. */
    void fire(String key, NodeId node, String reason) {
        for (Entry entry : entries) {
            if (entry.key == null || entry.key.equals(key)) {
                try {
                    entry.listener.onEvent(node, reason);
                } catch (RuntimeException e) {
                    LOG.warn("{} listener failed for {} ({})", kind, node, reason, e);
                }
            }
        }
    }
}
