package dev.rhizome.examples;

import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client in its own JVM: connects to a node's remote JMX service URL and prints what it reads,
 * one {@code PROBE key=value} line each.
 *
 * <pre>java -cp ... dev.rhizome.examples.JmxProbe SERVICE_URL NODE CHANNEL PEER</pre>
 */
public final class JmxProbe {

    private JmxProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: JmxProbe SERVICE_URL NODE CHANNEL PEER");
            System.exit(2);
        }
        JMXServiceURL url = new JMXServiceURL(args[0]);
        String node = args[1];
        String channel = args[2];
        String peer = args[3];
        try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of())) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName nodeBean = new ObjectName("dev.rhizome:type=Node,node=" + node);
            System.out.println("PROBE Name=" + server.getAttribute(nodeBean, "Name"));
            System.out.println("PROBE Topology=" + server.getAttribute(nodeBean, "Topology"));
            System.out.println("PROBE Members=" + String.join(",", (String[]) server.getAttribute(nodeBean, "Members")));
            System.out.println("PROBE ActiveConnections=" + server.getAttribute(nodeBean, "ActiveConnections"));
            ObjectName messagesOut = new ObjectName("dev.rhizome:type=Channel,node=" + node + ",channel=" + channel
                    + ",peer=" + peer + ",name=messages-out");
            System.out.println("PROBE messages-out.Count=" + server.getAttribute(messagesOut, "Count"));
            ObjectName bytesOut = new ObjectName("dev.rhizome:type=Channel,node=" + node + ",channel=" + channel
                    + ",peer=" + peer + ",name=bytes-out");
            System.out.println("PROBE bytes-out.Count=" + server.getAttribute(bytesOut, "Count"));
            System.out.println("PROBE channel-mbeans=" + server.queryNames(
                    new ObjectName("dev.rhizome:type=Channel,node=" + node + ",*"), null).size());
        }
    }
}
