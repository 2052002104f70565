/**
 * The topology SPI. A {@link dev.rhizome.overlay.spi.Topology} is found by name through
 * {@link java.util.ServiceLoader} and creates a sans-IO {@link dev.rhizome.overlay.spi.Protocol}: a
 * state machine that takes {@link dev.rhizome.overlay.spi.Input}s with the current time and answers
 * with {@link dev.rhizome.overlay.spi.Output}s. The Netty runtime and the simulator drive the same
 * protocol classes through this interface.
 */
package dev.rhizome.overlay.spi;
