package dev.rhizome.clientserver.conformance;

import dev.rhizome.clientserver.ClientServerSettings;
import dev.rhizome.membership.conformance.Case;
import dev.rhizome.membership.conformance.ClusterPlan;
import dev.rhizome.membership.conformance.ConformanceCluster;
import dev.rhizome.membership.conformance.OverlayConformanceSuite;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import java.util.Map;
import java.util.Set;

/**
 * Client-server: servers n0 and n1, clients n2 and n3, each client configured with both servers.
 * Members are every node; a server's neighbours are the other servers and the clients it hosts, a
 * client's neighbour is the one server it is attached to.
 */
class ClientServerConformanceTest extends OverlayConformanceSuite {

    private static final int SERVERS = 2;

    @Override
    protected String topology() {
        return "client-server";
    }

    @Override
    protected void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan) {
        builder.set(ClientServerSettings.ROLE, index < SERVERS ? "server" : "client")
                .set(ClientServerSettings.SERVERS, plan.peers(0, 1))
                .set(ClientServerSettings.REDIAL_INTERVAL, "100");
    }

    @Override
    protected boolean neighboursAsDesigned(ConformanceCluster cluster) {
        for (int i : cluster.running()) {
            Set<Integer> neighbours = cluster.neighbours(i, ConformanceCluster.CHAT);
            if (i < SERVERS) {
                for (int other = 0; other < SERVERS; other++) {
                    if (other != i && cluster.isRunning(other) && !neighbours.contains(other)) {
                        return false;
                    }
                }
            } else if (neighbours.size() != 1 || neighbours.iterator().next() >= SERVERS) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Map<Case, String> notHonoured() {
        return Map.of(Case.LEAVE_REASON, "a graceful leave only closes the node's connections, so peers"
                        + " report it down as 'noconnection', never 'left'",
                Case.PARTITION_DETECTED, "liveness is the TCP connection (no heartbeats): a black-holing"
                + " partition keeps every connection open, so nothing is reported down");
    }
}
