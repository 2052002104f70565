package dev.rhizome.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Validation names the setting; binding problems are configuration errors too. */
class TransportConfigTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void defaultsAddTheControlChannel() {
        TransportConfig config = TransportConfig.defaults("n", "127.0.0.1", 0, 1, "c", TestNodes.SECRET, CHANNELS);
        assertEquals(List.of(ChannelSpec.of(ChannelSpec.DEFAULT), ChannelSpec.of(ChannelSpec.CONTROL)), config.channels());
        assertEquals(64 << 20, config.maxFrameBytes());
        assertEquals(Duration.ofSeconds(5), config.handshakeTimeout());
        assertEquals(256 << 10, config.lowWatermarkBytes());
        assertEquals(1 << 20, config.highWatermarkBytes());
    }

    @Test
    void invalidSettingsAreNamed() {
        assertSetting("max-frame-bytes", c -> c.withMaxFrameBytes(10));
        assertSetting("handshake-timeout-ms", c -> c.withHandshakeTimeout(Duration.ZERO));
        assertSetting("high-watermark-bytes", c -> c.withWatermarks(100, 50, 1000));
        assertSetting("low-watermark-bytes", c -> c.withWatermarks(0, 50, 1000));
        assertSetting("max-queued-bytes", c -> c.withWatermarks(10, 50, 20));
        assertSetting("cookie", c -> TransportConfig.defaults("n", "h", 0, 1, "c", new byte[3], CHANNELS));
        assertSetting("cluster", c -> TransportConfig.defaults("n", "h", 0, 1, "bad cluster!", TestNodes.SECRET, CHANNELS));
        assertSetting("reconnect-max-ms", c -> new TransportConfig(c.name(), c.host(), c.port(), c.incarnation(),
                c.cluster(), c.secret(), CHANNELS, c.maxFrameBytes(), c.handshakeTimeout(), Duration.ofSeconds(2),
                Duration.ofSeconds(1), c.lowWatermarkBytes(), c.highWatermarkBytes(), c.maxQueuedBytes(), 1));
        assertSetting("reconnect-min-ms", c -> new TransportConfig(c.name(), c.host(), c.port(), c.incarnation(),
                c.cluster(), c.secret(), CHANNELS, c.maxFrameBytes(), c.handshakeTimeout(), Duration.ZERO,
                Duration.ofSeconds(1), c.lowWatermarkBytes(), c.highWatermarkBytes(), c.maxQueuedBytes(), 1));
        assertSetting("channels", c -> TransportConfig.defaults("n", "h", 0, 1, "c", TestNodes.SECRET,
                List.of(ChannelSpec.of("x"), ChannelSpec.of("x"))));
    }

    @Test
    void portInUseIsAConfigError() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node first = nodes.start("first", CHANNELS);
            ConfigException e = assertThrows(ConfigException.class, () -> Transport.start(
                    TestNodes.config("second", first.transport().self().port(), CHANNELS), new RecordingListener(),
                    new MetricRegistry()));
            assertEquals("port", e.setting());
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }

    @Test
    void unresolvableHostIsAConfigError() {
        TransportConfig base = TestNodes.config("n", 0, CHANNELS);
        TransportConfig config = new TransportConfig("n", "no-such-host.invalid", 0, 1, base.cluster(), base.secret(),
                CHANNELS, base.maxFrameBytes(), base.handshakeTimeout(), base.reconnectMin(), base.reconnectMax(),
                base.lowWatermarkBytes(), base.highWatermarkBytes(), base.maxQueuedBytes(), 1);
        ConfigException e = assertThrows(ConfigException.class,
                () -> Transport.start(config, new RecordingListener(), new MetricRegistry()));
        assertEquals("host", e.setting());
    }

    @Test
    void sendFailuresAreReportedAndCounted() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node a = nodes.start("a", CHANNELS, c -> c.withMaxFrameBytes(4096));
            TestNodes.Node b = nodes.start("b", CHANNELS);
            var peer = b.transport().self();
            assertReason(dev.rhizome.overlay.SendException.Reason.NOT_CONNECTED,
                    a.transport().send(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[1]));
            assertReason(dev.rhizome.overlay.SendException.Reason.UNKNOWN_CHANNEL,
                    a.transport().send(peer, "nope", Transport.NO_KEY, 0, new byte[1]));
            TestNodes.connectAndAwait(a, b);
            assertReason(dev.rhizome.overlay.SendException.Reason.TOO_LARGE,
                    a.transport().send(peer, ChannelSpec.DEFAULT, Transport.NO_KEY, 0, new byte[5000]));
            assertEquals(2, a.counter(ChannelSpec.DEFAULT, "b", "failed-sends"));
            assertEquals(1, a.registry().counter("node.failed-sends").getCount());
        }
    }

    private static void assertReason(dev.rhizome.overlay.SendException.Reason reason,
            java.util.concurrent.CompletionStage<Void> stage) {
        var f = stage.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally());
        var e = assertThrows(java.util.concurrent.CompletionException.class, f::join);
        assertEquals(reason, ((dev.rhizome.overlay.SendException) e.getCause()).reason());
    }

    private static void assertSetting(String setting, UnaryOperator<TransportConfig> change) {
        TransportConfig base = TransportConfig.defaults("n", "127.0.0.1", 0, 1, "c", TestNodes.SECRET, CHANNELS);
        ConfigException e = assertThrows(ConfigException.class, () -> change.apply(base));
        assertEquals(setting, e.setting(), e.getMessage());
    }
}
