package dev.rhizome.overlay.route;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A morphism {@code source → target} of the path category: a sequence of hops in which each hop
 * starts where the previous one ended. The empty route at {@code n} is the identity at {@code n}.
 *
 * <p>{@code f.andThen(g)} is the composite {@code g ∘ f}: travel {@code f}, then {@code g}. It is
 * defined only when {@code f.target()} equals {@code g.source()}; otherwise it throws.
 */
public final class Route {

    private final NodeId source;
    private final NodeId target;
    private final List<Hop> hops;

    private Route(NodeId source, NodeId target, List<Hop> hops) {
        this.source = source;
        this.target = target;
        this.hops = hops;
    }

    /** The identity morphism at {@code node}: no hops. */
    public static Route identity(NodeId node) {
        Objects.requireNonNull(node, "node");
        return new Route(node, node, List.of());
    }

    /** A one-hop route. */
    public static Route of(Hop hop) {
        return new Route(hop.from(), hop.to(), List.of(hop));
    }

    /** A route through {@code hops}, which must chain end to start. */
    public static Route of(List<Hop> hops) {
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("an empty route needs its node: use Route.identity(node)");
        }
        Route route = identity(hops.get(0).from());
        for (Hop hop : hops) {
            route = route.andThen(of(hop));
        }
        return route;
    }

    /** {@code next ∘ this}: this route followed by {@code next}, whose source must be this route's target. */
    public Route andThen(Route next) {
        if (!target.equals(next.source)) {
            throw new IllegalArgumentException("cannot compose: this route ends at " + target
                    + " but the next starts at " + next.source);
        }
        if (next.hops.isEmpty()) {
            return this;
        }
        if (hops.isEmpty()) {
            return next;
        }
        List<Hop> joined = new ArrayList<>(hops.size() + next.hops.size());
        joined.addAll(hops);
        joined.addAll(next.hops);
        return new Route(source, next.target, Collections.unmodifiableList(joined));
    }

    /** {@code this ∘ before}: {@code before} followed by this route. */
    public Route compose(Route before) {
        return before.andThen(this);
    }

    /** The reply route: the same hops backwards, each reversed. */
    public Route reverse() {
        List<Hop> reversed = new ArrayList<>(hops.size());
        for (int i = hops.size() - 1; i >= 0; i--) {
            reversed.add(hops.get(i).reverse());
        }
        return new Route(target, source, Collections.unmodifiableList(reversed));
    }

    public NodeId source() {
        return source;
    }

    public NodeId target() {
        return target;
    }

    /** The hops, first to last; empty for an identity. */
    public List<Hop> hops() {
        return hops;
    }

    /** The number of hops. */
    public int length() {
        return hops.size();
    }

    public boolean isIdentity() {
        return hops.isEmpty();
    }

    /** The nodes visited, source first and target last. */
    public List<NodeId> nodes() {
        List<NodeId> nodes = new ArrayList<>(hops.size() + 1);
        nodes.add(source);
        for (Hop hop : hops) {
            nodes.add(hop.to());
        }
        return nodes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Route route && source.equals(route.source) && target.equals(route.target)
                && hops.equals(route.hops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, target, hops);
    }

    @Override
    public String toString() {
        if (hops.isEmpty()) {
            return "id(" + source.name() + ")";
        }
        StringBuilder text = new StringBuilder(source.name());
        for (Hop hop : hops) {
            text.append(" -[").append(hop.channel()).append("]-> ").append(hop.to().name());
        }
        return text.toString();
    }
}
