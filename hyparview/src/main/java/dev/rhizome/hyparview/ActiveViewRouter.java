package dev.rhizome.hyparview;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.Hop;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.Router;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Routing over the active view: the identity to oneself, a single hop to a neighbour, and nothing
 * known to anyone else. The router is {@linkplain #partial() partial}: a node sees only its own active
 * view, so for a node outside it the runtime runs a route search (a bounded flood over the active views,
 * answered along the reverse path) and the reply to a relayed message takes the reverse of its path;
 * see {@code docs/routing.md}.
 */
public final class ActiveViewRouter implements Router {

    private final NodeId self;
    private final Supplier<? extends Collection<NodeId>> neighbours;

    /**
     * @param self       this node; routes start here
     * @param neighbours the current active view, read at each call
     */
    public ActiveViewRouter(NodeId self, Supplier<? extends Collection<NodeId>> neighbours) {
        this.self = self;
        this.neighbours = neighbours;
    }

    @Override
    public Optional<Route> route(NodeId from, NodeId to, String channel) {
        if (from.equals(to)) {
            return Optional.of(Route.identity(from));
        }
        if (from.equals(self) && neighbours.get().contains(to)) {
            return Optional.of(Route.of(new Hop(from, to, channel)));
        }
        return Optional.empty();
    }

    /** Always: this router knows only the active view, so an empty answer means "search". */
    @Override
    public boolean partial() {
        return true;
    }
}
