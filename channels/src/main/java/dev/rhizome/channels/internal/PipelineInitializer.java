package dev.rhizome.channels.internal;

import dev.rhizome.channels.TransportListener;
import dev.rhizome.channels.faults.FaultInjector;
import dev.rhizome.channels.reliable.Reliability;
import java.util.function.Supplier;
import dev.rhizome.channels.handshake.HandshakeHandler;
import dev.rhizome.channels.handshake.HandshakeSettings;
import dev.rhizome.channels.metrics.MetricsCatalog;
import dev.rhizome.channels.wire.FrameDecoder;
import dev.rhizome.channels.wire.FrameEncoder;
import dev.rhizome.channels.wire.Frames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Function;

/** Builds the pipeline of one connection; the layout is drawn in {@code Transport}'s javadoc. */
public final class PipelineInitializer {

    private final HandshakeSettings settings;
    private final TransportListener listener;
    private final MetricsCatalog catalog;
    private final int maxFrameBytes;
    private final FaultInjector faults;
    private final Supplier<Reliability> reliability;

    public PipelineInitializer(HandshakeSettings settings, TransportListener listener, MetricsCatalog catalog,
            int maxFrameBytes, FaultInjector faults, Supplier<Reliability> reliability) {
        this.reliability = reliability;
        this.faults = faults;
        this.settings = settings;
        this.listener = listener;
        this.catalog = catalog;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Installs the handlers of a dialed connection. */
    public void dialed(Channel ch, Connection connection, String channel, int lane) {
        install(ch, connection, c -> HandshakeHandler.dialer(settings, c, connection.expectedPeer(), channel, lane));
    }

    /** Installs the handlers of an accepted connection. */
    public void accepted(Channel ch, Connection connection) {
        install(ch, connection, c -> HandshakeHandler.acceptor(settings, c));
    }

    private void install(Channel ch, Connection connection, Function<Connection, HandshakeHandler> handshake) {
        connection.attach(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("flush-consolidation", new FlushConsolidationHandler(256, false));
        p.addLast("frame-decoder", new FrameDecoder(maxFrameBytes));
        p.addLast("frame-encoder", new FrameEncoder());
        p.addLast("handshake", handshake.apply(connection));
        p.addLast("data", new DataHandler(connection, listener, catalog, settings.self().name(),
                maxFrameBytes - Frames.HEADER_BYTES - Frames.CODEC_ID_BYTES, faults, reliability.get()));
    }
}
