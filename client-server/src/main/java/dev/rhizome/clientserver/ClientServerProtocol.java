package dev.rhizome.clientserver;

import dev.rhizome.clientserver.wire.Attach;
import dev.rhizome.clientserver.wire.ClientServerSchemaImpl;
import dev.rhizome.clientserver.wire.Directory;
import dev.rhizome.clientserver.wire.Hello;
import dev.rhizome.clientserver.wire.HostedClient;
import dev.rhizome.clientserver.wire.Hosting;
import dev.rhizome.overlay.wire.WireNode;
import dev.rhizome.overlay.config.NodeAddress;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.route.OverlayGraph;
import dev.rhizome.overlay.route.Route;
import dev.rhizome.overlay.route.RouteCache;
import dev.rhizome.overlay.route.Router;
import dev.rhizome.overlay.route.ViewChange;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.MembershipEvent.NodeDown;
import dev.rhizome.overlay.spi.MembershipEvent.NodeUp;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * The client-server topology as a sans-IO state machine; one class, two roles.
 *
 * <pre>
 *   SERVER                                            CLIENT
 *   Start: Dial every known server; REDIAL timer      Start: Dial one server of the set (random start)
 *   ConnectionUp(p): Hello → p                        ConnectionUp(s) while detached: Attach(epoch+1,
 *   Hello from s: s joins the mesh, Connect(s),            previous) → s, Connect(s); anyone else:
 *        our Hosting → s                                   Disconnect (a client talks to no client)
 *   Attach from c: host c, Connect(c)                 DialFailed: the next server of the set; after a
 *   Hosting from s: keep the newest; dial servers          full round, wait one redial interval
 *        it mentions; drop clients that moved on      ConnectionDown(its server): Disconnect, detach,
 *   ConnectionDown: drop the server or client              Dial the next server (the move)
 *   own hosting or mesh changed: Hosting → servers,   Directory from its server: the whole overlay
 *        Directory → own clients
 *   after each input: view = servers + who hosts whom; route cache restricted along the ViewChange;
 *                     NodeUp / NodeDown for each node entering or leaving the view
 * </pre>
 *
 * <p>A client refuses connections from anyone but its configured servers in the handshake
 * ({@link #refuseDialer}), so a client that dials another client is told why and never gets a
 * connection; one that got through anyway (a server of the set restarted as a client) is still closed
 * as soon as it is up.
 * Liveness is the connection: there are no heartbeats.
 */
public final class ClientServerProtocol implements Protocol {

    /** The protocol's timers. */
    enum Timer { REDIAL }

    private final NodeId self;
    private final ClientServerSettings settings;
    private final RouteCache routes;
    private final SortedSet<NodeId> reported = new TreeSet<>();
    private ClientServerView view;
    private OverlayGraph graph;
    private boolean left;

    // server state
    private final Map<String, NodeId> servers = new TreeMap<>();
    private final Map<String, HostedClient> hosted = new TreeMap<>();
    private final Map<String, NodeAddress> knownServers = new TreeMap<>();
    private final HostingTable table = new HostingTable();
    private long sequence;

    // client state
    private final List<NodeAddress> candidates;
    /** The names of the configured servers other than this node, for {@link #refuseDialer}. */
    private final List<String> serverNames;
    private int nextCandidate;
    private int triedThisRound;
    private boolean dialing;
    private NodeId current;
    private String previous = "";
    private long epoch;

    /** Creates the protocol for {@code context.self()}; settings are read (and checked) here. */
    public ClientServerProtocol(ProtocolContext context) {
        this.self = context.self().id();
        this.settings = ClientServerSettings.from(context.settings());
        List<NodeAddress> others = new ArrayList<>();
        for (NodeAddress server : settings.servers()) {
            if (!server.name().equals(self.name())) {
                others.add(server);
                knownServers.put(server.name(), server);
            }
        }
        this.candidates = List.copyOf(others);
        this.serverNames = List.copyOf(others.stream().map(NodeAddress::name).toList());
        this.nextCandidate = candidates.isEmpty() ? 0 : context.random().nextInt(candidates.size());
        this.view = initialView();
        this.graph = view.graph();
        this.routes = new RouteCache(this::computeRoute);
    }

    private Optional<Route> computeRoute(NodeId from, NodeId to, String channel) {
        if (from.equals(to) && from.equals(self)) {
            return Optional.of(Route.identity(self));
        }
        return view.route(from, to, channel);
    }

    /** This node's role. */
    public Role role() {
        return settings.role();
    }

    private boolean isServer() {
        return settings.role() == Role.SERVER;
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    public List<Output> handle(long nowMillis, Input input) {
        if (left) {
            return List.of();
        }
        List<Output> out = new ArrayList<>();
        if (isServer()) {
            server(nowMillis, input, out);
        } else {
            client(nowMillis, input, out);
        }
        if (!left) {
            reconcile(out);
        }
        return out;
    }

    // ---------------------------------------------------------------- server

    private void server(long now, Input input, List<Output> out) {
        switch (input) {
            case Input.Start start -> {
                dialMissingServers(out);
                out.add(new Output.SetTimer(Timer.REDIAL, now + settings.redialIntervalMs()));
            }
            case Input.Join join -> out.add(new Output.Dial(join.seed()));
            case Input.Leave leave -> leave(out);
            case Input.ConnectionUp up -> {
                if (!up.peer().sameName(self)) {
                    out.add(new Output.Send(up.peer(), new Hello(true)));
                }
            }
            case Input.ConnectionDown down -> serverConnectionDown(down.peer(), out);
            case Input.DialFailed failed -> { } // the REDIAL timer tries again
            // no broadcast dissemination on client-server yet: a broadcast is only delivered locally
            case Input.Broadcast broadcast -> out.add(new Output.Deliver(self, broadcast.payload()));
            case Input.Received received -> serverReceived(received.from(), received.message(), out);
            case Input.TimerFired timer -> {
                if (timer.key() == Timer.REDIAL) {
                    dialMissingServers(out);
                    out.add(new Output.SetTimer(Timer.REDIAL, now + settings.redialIntervalMs()));
                }
            }
        }
    }

    private void dialMissingServers(List<Output> out) {
        for (NodeAddress server : knownServers.values()) {
            if (!servers.containsKey(server.name())) {
                out.add(new Output.Dial(server.address()));
            }
        }
    }

    private void serverReceived(NodeId from, Object message, List<Output> out) {
        switch (message) {
            case Hello hello -> {
                NodeId before = servers.put(from.name(), from);
                if (from.equals(before)) {
                    return;
                }
                if (before != null) {
                    table.remove(before);
                    out.add(new Output.Disconnect(before));
                }
                dropHosted(from.name(), out); // a name that is a server now is no client of ours
                knownServers.put(from.name(), NodeAddress.of(from));
                out.add(new Output.Connect(from));
                announce(out);
            }
            case Attach attach -> {
                if (servers.containsKey(from.name())) {
                    return;
                }
                HostedClient before = hosted.put(from.name(), new HostedClient(WireNode.of(from), attach.epoch()));
                if (before != null && !before.client().id().equals(from)) {
                    out.add(new Output.Disconnect(before.client().id()));
                }
                out.add(new Output.Connect(from));
                announce(out);
            }
            case Hosting hosting -> {
                if (!from.equals(servers.get(from.name())) || !hosting.server().id().equals(from)) {
                    return;
                }
                if (!table.merge(hosting)) {
                    return;
                }
                for (WireNode mentioned : hosting.servers()) {
                    if (!mentioned.name().equals(self.name()) && !knownServers.containsKey(mentioned.name())) {
                        NodeAddress address = NodeAddress.of(mentioned.id());
                        knownServers.put(mentioned.name(), address);
                        out.add(new Output.Dial(address.address()));
                    }
                }
                boolean movedAway = false;
                for (HostedClient elsewhere : hosting.clients()) {
                    HostedClient mine = hosted.get(elsewhere.client().name());
                    if (mine != null && newerAttach(elsewhere, mine)) {
                        hosted.remove(elsewhere.client().name());
                        out.add(new Output.Disconnect(mine.client().id()));
                        movedAway = true;
                    }
                }
                if (movedAway) {
                    announce(out);
                } else {
                    pushDirectory(out);
                }
            }
            default -> { } // not ours
        }
    }

    private void serverConnectionDown(NodeId peer, List<Output> out) {
        if (peer.equals(servers.get(peer.name()))) {
            servers.remove(peer.name());
            table.remove(peer);
            out.add(new Output.Disconnect(peer));
            announce(out);
        } else if (dropHosted(peer, out)) {
            announce(out);
        }
    }

    private boolean dropHosted(NodeId client, List<Output> out) {
        HostedClient mine = hosted.get(client.name());
        if (mine != null && mine.client().id().equals(client)) {
            hosted.remove(client.name());
            out.add(new Output.Disconnect(client));
            return true;
        }
        return false;
    }

    private void dropHosted(String name, List<Output> out) {
        HostedClient mine = hosted.remove(name);
        if (mine != null) {
            out.add(new Output.Disconnect(mine.client().id()));
        }
    }

    /** Our hosting or our mesh changed: tell every server, and give our clients the new directory. */
    private void announce(List<Output> out) {
        sequence++;
        Hosting mine = ownHosting();
        for (NodeId server : servers.values()) {
            out.add(new Output.Send(server, mine));
        }
        pushDirectory(out);
    }

    private void pushDirectory(List<Output> out) {
        if (hosted.isEmpty()) {
            return;
        }
        List<Hosting> hostings = new ArrayList<>();
        hostings.add(ownHosting());
        for (NodeId server : servers.values()) {
            table.get(server).ifPresent(hostings::add);
        }
        Directory directory = new Directory(hostings);
        for (HostedClient client : hosted.values()) {
            out.add(new Output.Send(client.client().id(), directory));
        }
    }

    private Hosting ownHosting() {
        List<WireNode> mesh = new ArrayList<>();
        for (NodeId server : servers.values()) {
            mesh.add(WireNode.of(server));
        }
        return new Hosting(WireNode.of(self), sequence, List.copyOf(hosted.values()), mesh);
    }

    private static boolean newerAttach(HostedClient a, HostedClient b) {
        if (a.client().incarnation() != b.client().incarnation()) {
            return a.client().incarnation() > b.client().incarnation();
        }
        return a.epoch() > b.epoch();
    }

    // ---------------------------------------------------------------- client

    private void client(long now, Input input, List<Output> out) {
        switch (input) {
            case Input.Start start -> dialNext(now, out);
            case Input.Join join -> { } // a client uses its configured server set only
            case Input.Leave leave -> leave(out);
            case Input.ConnectionUp up -> clientConnectionUp(up.peer(), out);
            case Input.ConnectionDown down -> {
                if (down.peer().equals(current)) {
                    previous = current.name();
                    current = null;
                    table.clear();
                    out.add(new Output.Disconnect(down.peer()));
                    triedThisRound = 0;
                    dialNext(now, out);
                }
            }
            case Input.DialFailed failed -> {
                if (current == null) {
                    dialing = false;
                    dialNext(now, out);
                }
            }
            // no broadcast dissemination on client-server yet: a broadcast is only delivered locally
            case Input.Broadcast broadcast -> out.add(new Output.Deliver(self, broadcast.payload()));
            case Input.Received received -> {
                if (received.message() instanceof Directory directory && received.from().equals(current)) {
                    table.replaceAll(directory.hostings());
                } else if (received.message() instanceof Attach && !received.from().equals(current)) {
                    out.add(new Output.Disconnect(received.from())); // another client dialled us
                }
            }
            case Input.TimerFired timer -> {
                if (timer.key() == Timer.REDIAL && current == null) {
                    triedThisRound = 0;
                    dialing = false;
                    dialNext(now, out);
                }
            }
        }
    }

    private void dialNext(long now, List<Output> out) {
        if (dialing || current != null || candidates.isEmpty()) {
            return;
        }
        if (triedThisRound >= candidates.size()) {
            out.add(new Output.SetTimer(Timer.REDIAL, now + settings.redialIntervalMs()));
            return;
        }
        NodeAddress server = candidates.get(nextCandidate);
        nextCandidate = (nextCandidate + 1) % candidates.size();
        triedThisRound++;
        dialing = true;
        out.add(new Output.Dial(server.address()));
    }

    private void clientConnectionUp(NodeId peer, List<Output> out) {
        if (peer.equals(current)) {
            return;
        }
        boolean aServerOfOurs = candidates.stream().anyMatch(server -> server.name().equals(peer.name()));
        if (current == null && aServerOfOurs) {
            current = peer;
            dialing = false;
            epoch++;
            out.add(new Output.CancelTimer(Timer.REDIAL));
            out.add(new Output.Connect(peer));
            out.add(new Output.Send(peer, new Attach(epoch, previous)));
        } else {
            out.add(new Output.Disconnect(peer)); // a second server, or a client: not ours to keep
        }
    }

    // ---------------------------------------------------------------- both

    private void leave(List<Output> out) {
        List<NodeId> peers = new ArrayList<>(servers.values());
        hosted.values().forEach(client -> peers.add(client.client().id()));
        if (current != null) {
            peers.add(current);
        }
        for (NodeId peer : peers) {
            out.add(new Output.Disconnect(peer));
        }
        for (NodeId member : reported) {
            out.add(new Output.Emit(new NodeDown(member, "noconnection")));
        }
        reported.clear();
        out.add(new Output.CancelTimer(Timer.REDIAL));
        left = true;
        view = initialView();
        graph = view.graph();
        routes.clear();
    }

    private ClientServerView initialView() {
        SortedSet<NodeId> live = new TreeSet<>();
        if (isServer()) {
            live.add(self);
        }
        return new ClientServerView(live, new TreeMap<>());
    }

    private ClientServerView computeView() {
        if (isServer()) {
            SortedSet<NodeId> live = new TreeSet<>(servers.values());
            live.add(self);
            HostingTable all = new HostingTable();
            table.all().forEach(all::merge);
            all.merge(ownHosting());
            return all.view(live);
        }
        if (current == null) {
            return initialView();
        }
        SortedSet<NodeId> live = new TreeSet<>();
        live.add(current);
        for (Hosting hosting : table.all()) {
            live.add(hosting.server().id());
        }
        ClientServerView fromServer = table.view(live);
        if (!current.equals(fromServer.hostOf().get(self))) {
            // our attach is newer than the directory we hold: we are where we are
            SortedMap<NodeId, NodeId> hostOf = new TreeMap<>(fromServer.hostOf());
            hostOf.put(self, current);
            return new ClientServerView(live, hostOf);
        }
        return fromServer;
    }

    private void reconcile(List<Output> out) {
        ClientServerView next = computeView();
        OverlayGraph nextGraph = next.graph();
        if (!nextGraph.equals(graph) || !next.equals(view)) {
            routes.apply(ViewChange.between(graph, nextGraph));
            view = next;
            graph = nextGraph;
        }
        SortedSet<NodeId> members = new TreeSet<>(view.nodes());
        members.remove(self);
        for (NodeId gone : List.copyOf(reported)) {
            if (!members.contains(gone)) {
                reported.remove(gone);
                boolean replaced = members.stream().anyMatch(gone::sameName);
                out.add(new Output.Emit(new NodeDown(gone, replaced ? "replaced" : "noconnection")));
            }
        }
        for (NodeId fresh : members) {
            if (reported.add(fresh)) {
                out.add(new Output.Emit(new NodeUp(fresh)));
            }
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public SortedSet<NodeId> members() {
        SortedSet<NodeId> members = new TreeSet<>(view.nodes());
        members.add(self);
        return Collections.unmodifiableSortedSet(members);
    }

    /**
     * A client takes connections only from the servers of its configured set: a client that dials
     * another client is refused in the handshake. Reads only the configuration, so it is safe on any thread.
     */
    @Override
    public String refuseDialer(NodeId dialer) {
        if (isServer() || serverNames.contains(dialer.name())) {
            return null;
        }
        return self.name() + " is a client and takes connections only from its servers " + serverNames
                + "; " + dialer.name() + " is not one of them (a client never connects to another client)";
    }

    @Override
    public Router router() {
        return routes;
    }

    @Override
    public List<SerializationContextInitializer> schemas() {
        return List.of(new ClientServerSchemaImpl());
    }

    /** The current view: servers and who hosts whom. */
    public ClientServerView view() {
        return view;
    }

    /** A client's server, if it is attached. */
    public Optional<NodeId> server() {
        return Optional.ofNullable(current);
    }

    /** A server's clients. */
    public SortedSet<NodeId> hostedClients() {
        SortedSet<NodeId> clients = new TreeSet<>();
        hosted.values().forEach(client -> clients.add(client.client().id()));
        return clients;
    }

    /** This node. */
    public NodeId self() {
        return self;
    }
}
