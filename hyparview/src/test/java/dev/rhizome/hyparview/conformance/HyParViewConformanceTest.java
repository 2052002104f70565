package dev.rhizome.hyparview.conformance;

import dev.rhizome.hyparview.HyParViewSettings;
import dev.rhizome.membership.conformance.Case;
import dev.rhizome.membership.conformance.ClusterPlan;
import dev.rhizome.membership.conformance.ConformanceCluster;
import dev.rhizome.membership.conformance.OverlayConformanceSuite;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * HyParView: five nodes with an active view of at most three, so every node has a non-neighbour;
 * members are the active view, and the union of the views must be symmetric and connected.
 */
class HyParViewConformanceTest extends OverlayConformanceSuite {

    private static final int ACTIVE_SIZE = 3;

    @Override
    protected String topology() {
        return "hyparview";
    }

    @Override
    protected int clusterSize() {
        return 5;
    }

    @Override
    protected boolean membersAreGlobal() {
        return false;
    }

    @Override
    protected void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan) {
        builder.set(HyParViewSettings.ACTIVE_SIZE, Integer.toString(ACTIVE_SIZE))
                .set(HyParViewSettings.SHUFFLE_ACTIVE, "2")
                .set(HyParViewSettings.SHUFFLE_PASSIVE, "3")
                .set(HyParViewSettings.PASSIVE_SIZE, "8")
                .set(HyParViewSettings.SHUFFLE_INTERVAL, "500")
                .set(HyParViewSettings.NEIGHBOR_TIMEOUT, "500");
        if (index > 0) {
            builder.seeds(plan.hostPort(0));
        }
    }

    @Override
    protected Map<Case, String> notHonoured() {
        return Map.of(Case.PARTITION_DETECTED, "liveness is the TCP connection (no heartbeats): a black-holing"
                + " partition keeps every connection open, so nothing is reported down");
    }

    /** The neighbours are exactly the active view, which holds at most {@value #ACTIVE_SIZE} peers. */
    @Override
    protected boolean neighboursAsDesigned(ConformanceCluster cluster) {
        for (int i : cluster.running()) {
            Set<String> view = new TreeSet<>(cluster.memberNames(i));
            view.remove(cluster.plan().name(i));
            Set<String> neighbours = new TreeSet<>();
            cluster.neighbours(i, ConformanceCluster.CHAT).forEach(j -> neighbours.add(cluster.plan().name(j)));
            if (!view.equals(neighbours) || view.size() > ACTIVE_SIZE) {
                return false;
            }
        }
        return true;
    }
}
