package dev.rhizome.statictopology.conformance;

import dev.rhizome.membership.conformance.Case;
import dev.rhizome.membership.conformance.ClusterPlan;
import dev.rhizome.membership.conformance.ConformanceCluster;
import dev.rhizome.membership.conformance.OverlayConformanceSuite;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import dev.rhizome.statictopology.StaticSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Static: the line n0 — n1 — n2 — n3, each node configured with the peers on either side. Members are
 * every node reachable in the graph; neighbours exactly the configured peers that run.
 */
class StaticConformanceTest extends OverlayConformanceSuite {

    @Override
    protected String topology() {
        return "static";
    }

    @Override
    protected void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan) {
        builder.set(StaticSettings.PEERS, plan.peers(adjacent(index, plan.size()).stream().mapToInt(i -> i).toArray()))
                .set(StaticSettings.REDIAL_INTERVAL, "100");
    }

    private static Set<Integer> adjacent(int index, int size) {
        Set<Integer> peers = new TreeSet<>();
        if (index > 0) {
            peers.add(index - 1);
        }
        if (index < size - 1) {
            peers.add(index + 1);
        }
        return peers;
    }

    @Override
    protected boolean neighboursAsDesigned(ConformanceCluster cluster) {
        for (int i : cluster.running()) {
            Set<Integer> expected = new TreeSet<>(adjacent(i, cluster.size()));
            expected.retainAll(cluster.running());
            if (!cluster.neighbours(i, ConformanceCluster.CHAT).equals(expected)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Map<Case, String> notHonoured() {
        return Map.of(Case.PARTITION_DETECTED, "liveness is the TCP connection (no heartbeats): a black-holing"
                + " partition keeps every connection open, so nothing is reported down");
    }
}
