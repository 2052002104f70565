package dev.rhizome.overlay.route;

import java.util.Objects;

/**
 * A membership change as a span of inclusions {@code old ⊇ stable ⊆ new}.
 *
 * <p>A change is not a functor from the old graph to the new one (a departed node has nowhere to go).
 * Routes migrate by restriction instead: a route {@link #survives} exactly when it lies wholly in the
 * stable part, i.e. in the image of {@code Free(stable)}; every other route must be recomputed.
 *
 * <p>{@link #between} takes the largest stable part, the common subgraph. A runtime that saw an edge go
 * down and come back within one change may name a smaller stable part with {@link #of}, so routes
 * over that flapping edge are recomputed too.
 *
 * @param before the graph before the change
 * @param stable the part that stayed throughout; a subgraph of both
 * @param after  the graph after the change
 */
public record ViewChange(OverlayGraph before, OverlayGraph stable, OverlayGraph after) {

    public ViewChange {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(after, "after");
        if (!stable.isSubgraphOf(before) || !stable.isSubgraphOf(after)) {
            throw new IllegalArgumentException("the stable part " + stable + " must lie in both " + before + " and " + after);
        }
    }

    /** The span with an explicit stable part, checked to lie in both ends. */
    public static ViewChange of(OverlayGraph before, OverlayGraph stable, OverlayGraph after) {
        return new ViewChange(before, stable, after);
    }

    /** The change from {@code before} to {@code after} whose stable part is everything they share. */
    public static ViewChange between(OverlayGraph before, OverlayGraph after) {
        return new ViewChange(before, before.intersection(after), after);
    }

    /** Whether {@code route} lies wholly in the stable part, so it is still valid after the change. */
    public boolean survives(Route route) {
        return stable.carries(route);
    }

    /** Whether nothing changed. */
    public boolean isIdentity() {
        return before.equals(after) && stable.equals(after);
    }
}
