/**
 * JMX for a node: the node MBean ({@code dev.rhizome:type=Node,node=<name>}) and the remote JMX
 * connector started by {@code jmx-port}. Channel metrics reach JMX through the channels module's
 * exporter.
 */
package dev.rhizome.membership.jmx;
