/**
 * Transitive send. {@link dev.rhizome.membership.relay.Relay} carries a message to a node that is not a
 * neighbour along the topology's route, hop by hop over the real channels, in a
 * {@link dev.rhizome.membership.relay.RelayEnvelope} with a TTL; the destination's handlers see the
 * original sender, and a reply takes the reverse path ({@link dev.rhizome.membership.relay.LearnedRoutes}).
 * Where the topology's router sees only its neighbours (HyParView), a
 * {@link dev.rhizome.membership.relay.RouteSearch} floods a bounded probe to find a path. The design and
 * its costs are in {@code docs/routing.md}.
 */
package dev.rhizome.membership.relay;
