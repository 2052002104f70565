package dev.rhizome.channels.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;

/**
 * Exposes a node's {@link MetricRegistry} as MBeans named by {@link RhizomeObjectNameFactory}. The
 * reporter follows the registry, so metrics added later (a new peer, a new channel) appear as MBeans
 * without further calls. Close the returned handle to unregister them.
 */
public final class JmxMetricsExporter {

    private JmxMetricsExporter() {
    }

    /**
     * Starts exporting.
     *
     * @param registry the node's registry
     * @param nodeName the node name, the {@code node} key of every ObjectName
     * @param server   where to register, usually {@code ManagementFactory.getPlatformMBeanServer()}
     * @return a handle whose {@code close()} stops the export and unregisters the MBeans
     */
    public static AutoCloseable start(MetricRegistry registry, String nodeName, MBeanServer server) {
        JmxReporter reporter = JmxReporter.forRegistry(registry)
                .inDomain(RhizomeObjectNameFactory.DOMAIN)
                .registerWith(server)
                .convertRatesTo(TimeUnit.SECONDS)
                .convertDurationsTo(TimeUnit.MICROSECONDS)
                .filter(MetricFilter.ALL)
                .createsObjectNamesWith(new RhizomeObjectNameFactory(nodeName))
                .build();
        reporter.start();
        return reporter::close;
    }
}
