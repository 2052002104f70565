package dev.rhizome.overlay;

import java.util.Map;
import java.util.Objects;

/**
 * A node's identity together with free-form metadata that it announces to the cluster (a role, a
 * zone, a version). Metadata travels with membership gossip.
 *
 * @param id       the node's identity
 * @param metadata announced key/value pairs, never null
 */
public record NodeSpec(NodeId id, Map<String, String> metadata) {
    public NodeSpec {
        Objects.requireNonNull(id, "id");
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /** A spec without metadata. */
    public static NodeSpec of(NodeId id) {
        return new NodeSpec(id, Map.of());
    }
}
