package dev.rhizome.statictopology;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.NodeAddress;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.PathFinder;
import dev.rhizome.overlay.route.RouteCache;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.route.ViewChange;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.statictopology.wire.LinkState;
import dev.rhizome.statictopology.wire.LinkStates;
import dev.rhizome.statictopology.wire.StaticSchemaImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * The static topology as a sans-IO state machine: a link-state protocol over configured connections.
 *
 * <pre>
 *   Start ──▶ Dial(every configured peer) ; REDIAL timer re-dials the unconnected ones
 *   ConnectionUp(p)   ──▶ Connect(p) (all channels), send p the whole database, flood own adjacency
 *   ConnectionDown(p) ──▶ Disconnect(p), flood own adjacency (the REDIAL timer brings p back)
 *   Received(news)    ──▶ keep what is newer, pass it on to every other neighbour
 *   after each input  ──▶ graph = confirmed edges reachable from self
 *                         cache restricted along ViewChange.between(old graph, new graph); NodeUp / NodeDown
 * </pre>
 *
 * <p>Liveness is the connection: there are no heartbeats, so a peer that vanishes without its
 * connections closing stays a member until the runtime notices the connection is dead. A node that is
 * dialled by a peer that did not configure it accepts the connection: the graph is the symmetric
 * closure of the configured peer lists.
 */
public final class StaticProtocol implements Protocol {

    /** The protocol's timers. */
    enum Timer { REDIAL }

    private final NodeId self;
    private final StaticSettings settings;
    private final LinkStateDatabase database = new LinkStateDatabase();
    /** Live neighbours by name, at their exact incarnation. */
    private final Map<String, NodeId> neighbours = new TreeMap<>();
    /** Members last reported up, self excluded. */
    private final SortedSet<NodeId> reported = new TreeSet<>();
    private OverlayGraph graph;
    private final RouteCache routes;
    private long sequence;
    private boolean left;

    /** Creates the protocol for {@code context.self()}; settings are read (and checked) here. */
    public StaticProtocol(ProtocolContext context) {
        this.self = context.self().id();
        this.settings = StaticSettings.from(context.settings());
        this.graph = OverlayGraph.builder().node(self).build();
        this.routes = new RouteCache((from, to, channel) -> PathFinder.shortest(graph, from, to, channel, settings.maxHops()));
        announce(List.of());
    }

    @Override
    public List<Output> handle(long nowMillis, Input input) {
        if (left) {
            return List.of();
        }
        List<Output> out = new ArrayList<>();
        switch (input) {
            case Input.Start start -> {
                dialUnconnected(out);
                out.add(new Output.SetTimer(Timer.REDIAL, nowMillis + settings.redialIntervalMs()));
            }
            case Input.Join join -> { } // connections are exactly as configured: a seed adds none
            case Input.Leave leave -> onLeave(out);
            case Input.ConnectionUp up -> onConnectionUp(up.peer(), out);
            case Input.ConnectionDown down -> onConnectionDown(down.peer(), out);
            case Input.DialFailed failed -> { } // the REDIAL timer tries again
            // no broadcast dissemination on a static topology yet: a broadcast is only delivered locally
            case Input.Broadcast broadcast -> out.add(new Output.Deliver(self, broadcast.payload()));
            case Input.Received received -> onReceived(received.from(), received.message(), out);
            case Input.TimerFired timer -> {
                if (timer.key() == Timer.REDIAL) {
                    dialUnconnected(out);
                    out.add(new Output.SetTimer(Timer.REDIAL, nowMillis + settings.redialIntervalMs()));
                }
            }
        }
        if (!left) {
            reconcile(out);
        }
        return out;
    }

    private void dialUnconnected(List<Output> out) {
        for (NodeAddress peer : settings.peers()) {
            if (!peer.name().equals(self.name()) && !neighbours.containsKey(peer.name())) {
                out.add(new Output.Dial(peer.address()));
            }
        }
    }

    private void onConnectionUp(NodeId peer, List<Output> out) {
        if (peer.sameName(self)) {
            return;
        }
        NodeId previous = neighbours.put(peer.name(), peer);
        if (peer.equals(previous)) {
            return;
        }
        if (previous != null) {
            out.add(new Output.Disconnect(previous)); // replaced by a newer incarnation
        }
        out.add(new Output.Connect(peer));
        LinkState mine = announce(neighbours.values());
        out.add(new Output.Send(peer, new LinkStates(database.wire())));
        flood(new LinkStates(List.of(mine)), peer, out);
    }

    private void onConnectionDown(NodeId peer, List<Output> out) {
        if (!peer.equals(neighbours.get(peer.name()))) {
            return; // an older incarnation, or already gone
        }
        neighbours.remove(peer.name());
        out.add(new Output.Disconnect(peer));
        flood(new LinkStates(List.of(announce(neighbours.values()))), null, out);
    }

    private void onReceived(NodeId from, Object message, List<Output> out) {
        if (!(message instanceof LinkStates batch)) {
            return;
        }
        List<LinkState> news = new ArrayList<>();
        for (LinkState state : batch.states()) {
            LinkStateDatabase.Entry entry = LinkStateDatabase.Entry.of(state);
            if (entry.origin().sameName(self)) {
                continue; // only this node speaks for itself
            }
            if (database.merge(entry)) {
                news.add(state);
            }
        }
        if (!news.isEmpty()) {
            flood(new LinkStates(news), from, out);
        }
    }

    private void onLeave(List<Output> out) {
        sequence++;
        LinkStateDatabase.Entry farewell = new LinkStateDatabase.Entry(self, sequence, new TreeSet<>(), true);
        database.merge(farewell);
        flood(new LinkStates(List.of(farewell.wire())), null, out);
        for (NodeId peer : neighbours.values()) {
            out.add(new Output.Disconnect(peer));
        }
        for (NodeId member : reported) {
            out.add(new Output.Emit(new NodeDown(member, "noconnection")));
        }
        reported.clear();
        neighbours.clear();
        out.add(new Output.CancelTimer(Timer.REDIAL));
        left = true;
        graph = OverlayGraph.builder().node(self).build();
        routes.clear();
    }

    private LinkState announce(java.util.Collection<NodeId> around) {
        sequence++;
        LinkStateDatabase.Entry mine = new LinkStateDatabase.Entry(self, sequence, new TreeSet<>(around), false);
        database.merge(mine);
        return mine.wire();
    }

    private void flood(LinkStates batch, NodeId except, List<Output> out) {
        for (NodeId neighbour : neighbours.values()) {
            if (!neighbour.equals(except)) {
                out.add(new Output.Send(neighbour, batch));
            }
        }
    }

    /** Recomputes the graph, restricts the route cache along the change and reports view changes. */
    private void reconcile(List<Output> out) {
        OverlayGraph next = database.graphFrom(self);
        if (!next.equals(graph)) {
            routes.applyKeepingShortest(ViewChange.between(graph, next));
            graph = next;
        }
        SortedSet<NodeId> view = new TreeSet<>(graph.nodes());
        view.remove(self);
        for (NodeId gone : List.copyOf(reported)) {
            if (!view.contains(gone)) {
                reported.remove(gone);
                out.add(new Output.Emit(new NodeDown(gone, downReason(gone))));
            }
        }
        for (NodeId fresh : view) {
            if (reported.add(fresh)) {
                out.add(new Output.Emit(new NodeUp(fresh)));
            }
        }
    }

    private String downReason(NodeId gone) {
        return database.get(gone.name()).map(entry -> {
            if (!entry.origin().equals(gone)) {
                return "replaced";
            }
            return entry.left() ? "left" : "noconnection";
        }).orElse("noconnection");
    }

    @Override
    public SortedSet<NodeId> members() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(graph.nodes()));
    }

    @Override
    public Router router() {
        return routes;
    }

    @Override
    public List<SerializationContextInitializer> schemas() {
        return List.of(new StaticSchemaImpl());
    }

    /** The part of the configured graph this node currently sees up and reachable, itself included. */
    public OverlayGraph graph() {
        return graph;
    }

    /** This node's live neighbours. */
    public SortedSet<NodeId> neighbours() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(neighbours.values()));
    }

    /** This node. */
    public NodeId self() {
        return self;
    }

    /** The configured peers. */
    public List<NodeAddress> configuredPeers() {
        return settings.peers();
    }

}
