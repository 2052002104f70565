package dev.rhizome.membership.jmx;

/** The node MBean, registered as {@code dev.rhizome:type=Node,node=<name>}. */
public interface NodeMXBean {

    /** The node's name. */
    String getName();

    /** The topology's name, e.g. {@code fullmesh}. */
    String getTopology();

    /** The names of the members this node sees as up, itself included, sorted. */
    String[] getMembers();

    /** Established, authenticated connections over all channels and lanes. */
    int getActiveConnections();
}
