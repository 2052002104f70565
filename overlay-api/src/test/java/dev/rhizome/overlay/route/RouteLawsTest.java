package dev.rhizome.overlay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The category laws of {@link Route} (the free category on an overlay graph), checked on random
 * multigraphs whose parallel edges are distinct channels, and on random walks over them.
 *
 * <p>A composable triple is made by cutting one walk in three, so every generated triple really is
 * composable; non-composable pairs come from two walks whose ends do not meet.
 */
class RouteLawsTest {

    private static final List<String> CHANNELS = List.of("rhizome.control", "default", "gossip");

    // ---- laws ----

    @Property(seed = "20261122")
    void leftAndRightIdentity(@ForAll("walks") Walk walk) {
        Route f = walk.route();
        assertEquals(f, Route.identity(f.source()).andThen(f));
        assertEquals(f, f.andThen(Route.identity(f.target())));
        assertEquals(f, f.compose(Route.identity(f.source())));
        assertEquals(f, Route.identity(f.target()).compose(f));
    }

    @Property(seed = "20261122")
    void compositionIsAssociative(@ForAll("walks") Walk walk,
                                  @ForAll @IntRange(min = 0, max = 100) int cutA,
                                  @ForAll @IntRange(min = 0, max = 100) int cutB) {
        int n = walk.hops().size();
        int first = Math.min(cutA, cutB) * n / 100;
        int second = Math.max(cutA, cutB) * n / 100;
        Route f = walk.slice(0, first);
        Route g = walk.slice(first, second);
        Route h = walk.slice(second, n);

        Route leftNested = f.andThen(g).andThen(h);   // h ∘ (g ∘ f)
        Route rightNested = f.andThen(g.andThen(h));  // (h ∘ g) ∘ f
        assertEquals(rightNested, leftNested);
        assertEquals(h.compose(g.compose(f)), h.compose(g).compose(f));
        assertEquals(walk.route(), leftNested);
    }

    @Property(seed = "20261122")
    void compositionIsDefinedExactlyWhenEndsMeet(@ForAll("walkPairs") List<Walk> pair) {
        Route f = pair.get(0).route();
        Route g = pair.get(1).route();
        boolean endsMeet = f.target().equals(g.source());
        Statistics.collect(endsMeet ? "ends meet" : "ends apart");
        Statistics.coverage(checker -> {
            checker.check("ends meet").count(count -> count > 50);
            checker.check("ends apart").count(count -> count > 50);
        });
        Route composite = null;
        IllegalArgumentException failure = null;
        try {
            composite = f.andThen(g);
        } catch (IllegalArgumentException e) {
            failure = e;
        }
        if (endsMeet) {
            assertNull(failure);
            assertEquals(f.source(), composite.source());
            assertEquals(g.target(), composite.target());
            assertEquals(f.length() + g.length(), composite.length());
        } else {
            assertNotNull(failure);
            assertTrue(failure.getMessage().contains("cannot compose"), failure.getMessage());
        }
    }

    @Property(seed = "20261122")
    void reverseIsAnInvolution(@ForAll("walks") Walk walk) {
        Route f = walk.route();
        assertEquals(f, f.reverse().reverse());
        assertEquals(f.target(), f.reverse().source());
        assertEquals(f.source(), f.reverse().target());
        assertEquals(Route.identity(f.source()), Route.identity(f.source()).reverse());
    }

    @Property(seed = "20261122")
    void reverseIsContravariant(@ForAll("walks") Walk walk,
                                @ForAll @IntRange(min = 0, max = 100) int cut) {
        int split = cut * walk.hops().size() / 100;
        Route f = walk.slice(0, split);
        Route g = walk.slice(split, walk.hops().size());
        // reverse(g ∘ f) = reverse(f) ∘ reverse(g): travel g backwards, then f backwards
        assertEquals(g.reverse().andThen(f.reverse()), f.andThen(g).reverse());
    }

    @Property(seed = "20261122")
    void everyHopOfAWalkIsAnEdgeOfItsGraph(@ForAll("walks") Walk walk) {
        for (Hop hop : walk.route().hops()) {
            assertTrue(walk.graph().edges().contains(hop), hop + " is not an edge");
        }
        assertEquals(walk.route().length() + 1, walk.route().nodes().size());
    }

    // ---- generators ----

    /** A directed multigraph; a parallel edge is the same pair of nodes on another channel. */
    record Graph(List<NodeId> nodes, List<Hop> edges) {
        List<Hop> outOf(NodeId node) {
            return edges.stream().filter(edge -> edge.from().equals(node)).toList();
        }
    }

    /** A walk over {@code graph}: {@code start}, then {@code hops}, each leaving where the last arrived. */
    record Walk(Graph graph, NodeId start, List<Hop> hops) {
        Route route() {
            return slice(0, hops.size());
        }

        /** The sub-walk from hop {@code from} (inclusive) to hop {@code to} (exclusive). */
        Route slice(int from, int to) {
            NodeId at = from == 0 ? start : hops.get(from - 1).to();
            return from == to ? Route.identity(at) : Route.of(hops.subList(from, to));
        }
    }

    @Provide
    Arbitrary<Walk> walks() {
        return graphs().flatMap(this::walkOn);
    }

    @Provide
    Arbitrary<List<Walk>> walkPairs() {
        // Two walks on one graph; with few nodes their ends meet often enough to cover both branches.
        return graphs().flatMap(graph -> walkOn(graph).list().ofSize(2));
    }

    private Arbitrary<Graph> graphs() {
        return Arbitraries.integers().between(2, 6).flatMap(size -> {
            List<NodeId> nodes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                nodes.add(new NodeId("n" + i, "127.0.0.1", 7000 + i, 1 + i));
            }
            Arbitrary<Hop> edge = Combinators.combine(
                    Arbitraries.integers().between(0, size - 1),
                    Arbitraries.integers().between(1, size - 1),
                    Arbitraries.of(CHANNELS)).as((from, offset, channel) ->
                            new Hop(nodes.get(from), nodes.get((from + offset) % size), channel));
            return edge.list().ofMinSize(1).ofMaxSize(3 * size).uniqueElements()
                    .map(edges -> new Graph(nodes, edges));
        });
    }

    private Arbitrary<Walk> walkOn(Graph graph) {
        Arbitrary<Integer> choice = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(Arbitraries.of(graph.nodes()), choice.list().ofMaxSize(12))
                .as((start, choices) -> {
                    List<Hop> hops = new ArrayList<>();
                    NodeId at = start;
                    for (int pick : choices) {
                        List<Hop> out = graph.outOf(at);
                        if (out.isEmpty()) {
                            break;
                        }
                        Hop hop = out.get(pick % out.size());
                        hops.add(hop);
                        at = hop.to();
                    }
                    return new Walk(graph, start, hops);
                });
    }
}
