/**
 * Channel metrics: the per-channel, per-peer counters the transport keeps in a Dropwizard
 * {@code MetricRegistry}, their names, and the JMX exporter that shows them as structured MBeans.
 *
 * <p>Names are {@code channel.<channel>.peer.<peer>.<metric>}; a connection that has not finished
 * its handshake counts under the peer name {@value ChannelMetrics#UNAUTHENTICATED}.
 */
package dev.rhizome.channels.metrics;
