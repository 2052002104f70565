package dev.rhizome.statictopology.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.statictopology.StaticSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The static topology on the real runtime, over Netty on 127.0.0.1: a line a — b — c, each end
 * configuring only b, converges so a sees c through b; when c halts, a and b see it go.
 */
class StaticClusterTest {

    private final List<RhizomeNode> nodes = new ArrayList<>();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private RhizomeNode start(String name, int port, String peers) {
        RhizomeNode node = (RhizomeNode) Rhizome.start(OverlayConfig.builder(name).host("127.0.0.1").port(port)
                .cookie("static-cluster-test").topology("static")
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set(StaticSettings.PEERS, peers)
                .set(StaticSettings.REDIAL_INTERVAL, "100")
                .build());
        nodes.add(node);
        return node;
    }

    @Test
    void aLineConvergesOverNettyAndForgetsAHaltedEnd() throws IOException {
        int portB = freePort();
        RhizomeNode b = start("b", portB, "");
        RhizomeNode a = start("a", 0, "b@127.0.0.1:" + portB);
        RhizomeNode c = start("c", 0, "b@127.0.0.1:" + portB);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> nodes.stream().allMatch(node -> node.members().size() == 3));
        assertEquals("static", a.topology());
        c.halt();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> a.members().size() == 2 && b.members().size() == 2);
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
