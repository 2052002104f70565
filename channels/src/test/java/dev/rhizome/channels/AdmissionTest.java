package dev.rhizome.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.ChannelSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An acceptor's admission policy refuses an authenticated dialer in the handshake, and the dialer is
 * told why; a dialer the policy takes connects as usual.
 */
class AdmissionTest {

    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(ChannelSpec.DEFAULT));

    @Test
    void aRefusedDialerLearnsTheReasonAndGetsNoConnection() {
        try (TestNodes nodes = new TestNodes()) {
            TestNodes.Node acceptor = nodes.start("acceptor", CHANNELS);
            TestNodes.Node stranger = nodes.start("stranger", CHANNELS);
            TestNodes.Node friend = nodes.start("friend", CHANNELS);
            acceptor.transport().admission((dialer, channel) ->
                    dialer.name().equals("friend") ? null : "only friends may dial, not " + dialer.name());

            stranger.transport().dial(acceptor.address());
            friend.transport().dial(acceptor.address());

            await().atMost(Duration.ofSeconds(5)).until(() -> !stranger.listener().dialFailures.isEmpty());
            assertTrue(stranger.listener().dialFailures.get(0).contains("refused by peer: only friends may dial, not stranger"),
                    stranger.listener().dialFailures.toString());
            await().atMost(Duration.ofSeconds(5)).until(() -> friend.listener().upPeers.contains(acceptor.transport().self()));
            assertEquals(0, acceptor.transport().connectionCount(stranger.transport().self(), ChannelSpec.CONTROL));
        }
    }
}
