package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Routes remembered until a membership change says they may be wrong.
 *
 * <p>A miss asks the underlying router and remembers a found route; "no route" is not remembered, since
 * any later change may create one. {@link #apply} keeps exactly the routes that {@link ViewChange#survives
 * survive} the change and drops the rest, which the next lookup recomputes. A surviving route stays valid
 * but may no longer be the shortest once new edges appear; that is the price of not recomputing it.
 *
 * <p>Not thread-safe: a protocol owns it and calls it from its one thread.
 */
public final class RouteCache implements Router {

    private final Router underlying;
    private final Map<Key, Route> routes = new HashMap<>();

    /** A cache in front of {@code underlying}. */
    public RouteCache(Router underlying) {
        this.underlying = underlying;
    }

    @Override
    public Optional<Route> route(NodeId from, NodeId to, String channel) {
        Key key = new Key(from, to, channel);
        Route cached = routes.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Route> found = underlying.route(from, to, channel);
        found.ifPresent(route -> routes.put(key, route));
        return found;
    }

    /**
     * Restricts the cache along {@code change}: keeps the routes lying in its stable part.
     *
     * @return how many routes were dropped
     */
    public int apply(ViewChange change) {
        int before = routes.size();
        routes.values().removeIf(route -> !change.survives(route));
        return before - routes.size();
    }

    /**
     * Restricts the cache along {@code change} for a router that hands out shortest routes, keeping
     * them shortest. When the change only removes ({@code after ⊆ before}), distances can only grow, so
     * a survivor, whose length is unchanged, is still a shortest route and is kept. When the change
     * adds anything, a new edge may shorten any route, so everything is forgotten.
     *
     * @return how many routes were dropped
     */
    public int applyKeepingShortest(ViewChange change) {
        if (change.after().isSubgraphOf(change.before())) {
            return apply(change);
        }
        int dropped = routes.size();
        routes.clear();
        return dropped;
    }

    /** Forgets every route. */
    public void clear() {
        routes.clear();
    }

    /** How many routes are remembered. */
    public int size() {
        return routes.size();
    }

    /** Whether a route from {@code from} to {@code to} on {@code channel} is remembered. */
    public boolean holds(NodeId from, NodeId to, String channel) {
        return routes.containsKey(new Key(from, to, channel));
    }

    private record Key(NodeId from, NodeId to, String channel) {}
}
