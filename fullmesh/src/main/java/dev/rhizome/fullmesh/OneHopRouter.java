package dev.rhizome.fullmesh;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Routing in a full mesh: every member is one hop away. The route from a current member to itself is
 * the identity, to another current member a single hop on the requested channel, and from or to
 * anyone else there is none.
 */
public final class OneHopRouter implements Router {

    private final Supplier<? extends Set<NodeId>> members;

    /** @param members the current view, self included, read at each call */
    public OneHopRouter(Supplier<? extends Set<NodeId>> members) {
        this.members = members;
    }

    @Override
    public Optional<Route> route(NodeId from, NodeId to, String channel) {
        Set<NodeId> view = members.get();
        if (!view.contains(from) || !view.contains(to)) {
            return Optional.empty(); // not even an identity: a departed node is no object of the category
        }
        return Optional.of(from.equals(to) ? Route.identity(from) : Route.of(new Hop(from, to, channel)));
    }
}
