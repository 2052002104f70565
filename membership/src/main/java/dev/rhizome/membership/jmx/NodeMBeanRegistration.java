package dev.rhizome.membership.jmx;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers a {@link NodeMXBean} in the platform MBean server and unregisters it on close. */
public final class NodeMBeanRegistration implements AutoCloseable {

    private final MBeanServer server;
    private final ObjectName name;

    private NodeMBeanRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** The node MBean's name. */
    public static ObjectName objectName(String nodeName) {
        try {
            return new ObjectName("dev.rhizome:type=Node,node=" + nodeName);
        } catch (JMException e) {
            throw new IllegalArgumentException("node name '" + nodeName + "' is not usable in an ObjectName", e);
        }
    }

    /** Registers {@code bean} under {@code dev.rhizome:type=Node,node=<nodeName>}, replacing a stale one. */
    public static NodeMBeanRegistration register(String nodeName, NodeMXBean bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = objectName(nodeName);
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name, e);
        }
        return new NodeMBeanRegistration(server, name);
    }

    @Override
    public void close() {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException ignored) {
            // already gone
        }
    }
}
