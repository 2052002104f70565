package dev.rhizome.fullmesh.conformance;

import dev.rhizome.fullmesh.FullMeshSettings;
import dev.rhizome.membership.conformance.ClusterPlan;
import dev.rhizome.membership.conformance.ConformanceCluster;
import dev.rhizome.membership.conformance.OverlayConformanceSuite;
import dev.rhizome.overlay.config.OverlayConfigBuilder;

/** Full mesh: every node seeds from n0; every member is a neighbour. */
class FullMeshConformanceTest extends OverlayConformanceSuite {

    @Override
    protected String topology() {
        return "fullmesh";
    }

    @Override
    protected void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan) {
        builder.set(FullMeshSettings.GOSSIP_INTERVAL, "100");
        if (index > 0) {
            builder.seeds(plan.hostPort(0));
        }
    }

    /** Complete: each node is connected to every other running node. */
    @Override
    protected boolean neighboursAsDesigned(ConformanceCluster cluster) {
        return cluster.running().stream().allMatch(i ->
                cluster.neighbours(i, ConformanceCluster.CHAT).size() == cluster.running().size() - 1);
    }
}
