package dev.rhizome.clientserver;

import dev.rhizome.clientserver.wire.HostedClient;
import dev.rhizome.clientserver.wire.Hosting;
import dev.rhizome.overlay.wire.WireNode;
import dev.rhizome.overlay.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The newest {@link Hosting} announcement of each server, by server name, and the view they make.
 *
 * <p>An announcement replaces the held one when its server has a larger incarnation, or the same
 * incarnation and a larger sequence. When two servers both list a client (it moved and the old server
 * has not yet heard), the attach with the larger client incarnation, then the larger epoch, wins.
 */
final class HostingTable {

    private final Map<String, Hosting> byServer = new TreeMap<>();

    /** Keeps {@code hosting} if it is newer than what is held for its server; says whether it was. */
    boolean merge(Hosting hosting) {
        Hosting held = byServer.get(hosting.server().name());
        if (held != null && !newer(hosting, held)) {
            return false;
        }
        byServer.put(hosting.server().name(), hosting);
        return true;
    }

    /** Forgets {@code server}'s announcement, if the one held is about that incarnation. */
    boolean remove(NodeId server) {
        Hosting held = byServer.get(server.name());
        if (held != null && held.server().id().equals(server)) {
            byServer.remove(server.name());
            return true;
        }
        return false;
    }

    /** Replaces everything with {@code hostings}. */
    void replaceAll(Collection<Hosting> hostings) {
        byServer.clear();
        hostings.forEach(this::merge);
    }

    /** Forgets everything. */
    void clear() {
        byServer.clear();
    }

    /** The announcement held for {@code server}, if it is about that incarnation. */
    Optional<Hosting> get(NodeId server) {
        return Optional.ofNullable(byServer.get(server.name())).filter(h -> h.server().id().equals(server));
    }

    /** Every announcement held. */
    List<Hosting> all() {
        return new ArrayList<>(byServer.values());
    }

    /** The servers other servers say they are connected to. */
    SortedSet<NodeId> mentionedServers() {
        SortedSet<NodeId> servers = new TreeSet<>();
        for (Hosting hosting : byServer.values()) {
            for (WireNode server : hosting.servers()) {
                servers.add(server.id());
            }
        }
        return servers;
    }

    /**
     * The view over {@code live} servers: each client hosted by whichever live server holds its newest
     * attach; announcements of servers not in {@code live} are ignored.
     */
    ClientServerView view(SortedSet<NodeId> live) {
        Map<String, Claim> best = new TreeMap<>();
        for (Hosting hosting : byServer.values()) {
            NodeId server = hosting.server().id();
            if (!live.contains(server)) {
                continue;
            }
            for (HostedClient hosted : hosting.clients()) {
                Claim claim = new Claim(hosted.client().id(), hosted.epoch(), server);
                if (live.stream().anyMatch(claim.client()::sameName)) {
                    continue; // a name cannot be both a server and a client
                }
                best.merge(claim.client().name(), claim, (a, b) -> b.beats(a) ? b : a);
            }
        }
        SortedMap<NodeId, NodeId> hostOf = new TreeMap<>();
        for (Claim claim : best.values()) {
            hostOf.put(claim.client(), claim.server());
        }
        return new ClientServerView(live, hostOf);
    }

    private static boolean newer(Hosting a, Hosting b) {
        if (a.server().incarnation() != b.server().incarnation()) {
            return a.server().incarnation() > b.server().incarnation();
        }
        return a.sequence() > b.sequence();
    }

    /** One server's claim to host a client. */
    private record Claim(NodeId client, long epoch, NodeId server) {
        boolean beats(Claim other) {
            if (client.incarnation() != other.client.incarnation()) {
                return client.incarnation() > other.client.incarnation();
            }
            if (epoch != other.epoch) {
                return epoch > other.epoch;
            }
            return server.compareTo(other.server) < 0;
        }
    }
}
