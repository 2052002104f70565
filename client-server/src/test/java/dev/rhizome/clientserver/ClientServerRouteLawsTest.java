package dev.rhizome.clientserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.RouteCache;
import dev.rhizome.overlay.route.ViewChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The route laws for the client-server router on random views and random membership changes (servers
 * crash and join, clients move, leave and join): identity, associativity of composed returned routes,
 * validity in the current view within the TTL, client-to-client always through a server, and survival
 * across a change exactly as the span says — a survivor is what recomputation would give.
 */
class ClientServerRouteLawsTest {

    private static final String CHANNEL = "default";

    private static NodeId server(int i) {
        return new NodeId("s" + i, "10.0.1." + i, 7000, 1);
    }

    private static NodeId client(int i) {
        return new NodeId("c" + i, "10.0.2." + i, 7000, 1);
    }

    private static ClientServerView randomView(SplittableRandom random, int serverCount, int clientCount) {
        SortedSet<NodeId> servers = new TreeSet<>();
        for (int i = 0; i < serverCount; i++) {
            servers.add(server(i));
        }
        List<NodeId> list = new ArrayList<>(servers);
        SortedMap<NodeId, NodeId> hostOf = new TreeMap<>();
        for (int i = 0; i < clientCount; i++) {
            hostOf.put(client(i), list.get(random.nextInt(list.size())));
        }
        return new ClientServerView(servers, hostOf);
    }

    /** Servers crash or join; clients of a crashed server move to a survivor; clients move, leave, join. */
    private static ClientServerView randomChange(SplittableRandom random, ClientServerView before) {
        SortedSet<NodeId> servers = new TreeSet<>();
        for (NodeId server : before.servers()) {
            if (random.nextDouble() > 0.3) {
                servers.add(server);
            }
        }
        if (servers.isEmpty() || random.nextBoolean()) {
            servers.add(server(10 + random.nextInt(5)));
        }
        List<NodeId> list = new ArrayList<>(servers);
        SortedMap<NodeId, NodeId> hostOf = new TreeMap<>();
        for (var entry : before.hostOf().entrySet()) {
            double roll = random.nextDouble();
            if (roll < 0.1) {
                continue; // left
            }
            boolean stays = servers.contains(entry.getValue()) && roll > 0.3;
            hostOf.put(entry.getKey(), stays ? entry.getValue() : list.get(random.nextInt(list.size())));
        }
        for (int i = 0; i < random.nextInt(3); i++) {
            hostOf.put(client(50 + random.nextInt(10)), list.get(random.nextInt(list.size())));
        }
        return new ClientServerView(servers, hostOf);
    }

    @Property(tries = 300, seed = "707")
    void routesObeyTheLaws(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int serverCount,
                           @ForAll @IntRange(min = 0, max = 8) int clientCount) {
        SplittableRandom random = new SplittableRandom(seed);
        ClientServerView view = randomView(random, serverCount, clientCount);
        OverlayGraph graph = view.graph();
        List<NodeId> nodes = new ArrayList<>(view.nodes());
        for (NodeId a : nodes) {
            Route idA = view.route(a, a, CHANNEL).orElseThrow();
            assertTrue(idA.isIdentity());
            for (NodeId b : nodes) {
                Route f = view.route(a, b, CHANNEL).orElseThrow();
                assertEquals(a, f.source());
                assertEquals(b, f.target());
                assertTrue(graph.carries(f), f::toString);
                assertTrue(f.length() <= ClientServerView.MAX_HOPS, "within the TTL");
                assertEquals(f, idA.andThen(f));
                assertEquals(f, f.andThen(view.route(b, b, CHANNEL).orElseThrow()));
                if (!view.isServer(a) && !view.isServer(b) && !a.equals(b)) {
                    List<NodeId> inner = f.nodes().subList(1, f.nodes().size() - 1);
                    assertFalse(inner.isEmpty(), "a client never reaches a client directly");
                    assertTrue(inner.stream().allMatch(view::isServer), f::toString);
                }
                NodeId c = nodes.get(random.nextInt(nodes.size()));
                NodeId d = nodes.get(random.nextInt(nodes.size()));
                Route g = view.route(b, c, CHANNEL).orElseThrow();
                Route h = view.route(c, d, CHANNEL).orElseThrow();
                Route left = f.andThen(g).andThen(h);
                assertEquals(left, f.andThen(g.andThen(h)));
                assertTrue(graph.carries(left));
            }
        }
        assertEquals(Optional.empty(), view.route(nodes.get(0), client(99), CHANNEL));
    }

    @Property(tries = 200, seed = "708")
    void survivalAcrossAChangeIsExactlyTheSpan(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int serverCount,
                                               @ForAll @IntRange(min = 0, max = 8) int clientCount,
                                               @ForAll @IntRange(min = 1, max = 4) int changes) {
        SplittableRandom random = new SplittableRandom(seed);
        ClientServerView[] view = {randomView(random, serverCount, clientCount)};
        RouteCache cache = new RouteCache((from, to, channel) -> view[0].route(from, to, channel));
        for (int round = 0; round < changes; round++) {
            List<Route> held = new ArrayList<>();
            for (NodeId a : view[0].nodes()) {
                for (NodeId b : view[0].nodes()) {
                    held.add(cache.route(a, b, CHANNEL).orElseThrow());
                }
            }
            ClientServerView next = randomChange(random, view[0]);
            ViewChange change = ViewChange.between(view[0].graph(), next.graph());
            cache.apply(change);
            view[0] = next;
            for (Route route : held) {
                boolean survives = change.survives(route);
                assertEquals(survives, cache.holds(route.source(), route.target(), CHANNEL));
                Optional<Route> fresh = next.route(route.source(), route.target(), CHANNEL);
                if (survives) {
                    assertEquals(Optional.of(route), fresh, "a survivor is exactly the recomputed route");
                }
                Optional<Route> now = cache.route(route.source(), route.target(), CHANNEL);
                assertEquals(fresh, now);
                now.ifPresent(r -> assertTrue(next.graph().carries(r)));
            }
        }
    }
}
