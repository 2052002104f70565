/**
 * A topology as a category. Objects are nodes; morphisms are {@link dev.rhizome.overlay.route.Route}s,
 * paths of {@link dev.rhizome.overlay.route.Hop}s over the current overlay graph, one channel per hop.
 * {@link dev.rhizome.overlay.route.Route#identity} is the empty route at a node and
 * {@link dev.rhizome.overlay.route.Route#andThen} concatenates routes whose ends meet. This is the free
 * (path) category of the overlay graph, so the identity and associativity laws hold by construction
 * and are property-tested. A {@link dev.rhizome.overlay.route.Router} picks the route to a destination.
 *
 * <p>{@link dev.rhizome.overlay.route.OverlayGraph} is the current overlay graph and
 * {@link dev.rhizome.overlay.route.PathFinder} its shortest routes within a hop limit. A membership
 * change is a {@link dev.rhizome.overlay.route.ViewChange}, a span of inclusions
 * {@code old ⊇ stable ⊆ new}: a route survives it exactly when it lies wholly in the stable part,
 * which is what {@link dev.rhizome.overlay.route.RouteCache} keeps.
 */
package dev.rhizome.overlay.route;
