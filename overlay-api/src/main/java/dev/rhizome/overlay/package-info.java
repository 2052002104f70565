/**
 * Rhizome's public API: node identity ({@link dev.rhizome.overlay.NodeId}, {@link dev.rhizome.overlay.NodeSpec}),
 * channels ({@link dev.rhizome.overlay.ChannelSpec}) and the {@link dev.rhizome.overlay.Overlay} facade that
 * applications program against, whatever topology runs underneath.
 *
 * <p>This module is pure: it never sees Netty, threads or sockets.
 */
package dev.rhizome.overlay;
