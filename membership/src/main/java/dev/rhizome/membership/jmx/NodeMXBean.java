package dev.rhizome.membership.jmx;

/** The node MBean, registered as {@code dev.rhizome:type=Node,node=<name>}. */
public interface NodeMXBean {

    /** The node's name. */
    String getName();

    /** The topology's name, e.g. {@code fullmesh}. */
    String getTopology();

    /** The names of the members this node sees as up (its neighbours: the active view on HyParView), itself included, sorted. */
    String[] getMembers();

    /** The names of the peers in the topology's passive view, sorted; empty on a full mesh. */
    String[] getPassiveView();

    /** Established, authenticated connections over all channels and lanes. */
    int getActiveConnections();
}
