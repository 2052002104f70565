package dev.rhizome.clientserver.runtime;

import static org.awaitility.Awaitility.await;

import dev.rhizome.clientserver.ClientServerSettings;
import dev.rhizome.membership.Rhizome;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.config.OverlayConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-server on the real runtime, over Netty on 127.0.0.1: two servers and two clients all see each
 * other; when one server halts, everyone converges on the remaining three nodes.
 */
class ClientServerClusterTest {

    private final List<RhizomeNode> nodes = new ArrayList<>();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private RhizomeNode start(String name, int port, String role, String servers) {
        RhizomeNode node = (RhizomeNode) Rhizome.start(OverlayConfig.builder(name).host("127.0.0.1").port(port)
                .cookie("client-server-cluster-test").topology("client-server")
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .set(ClientServerSettings.ROLE, role)
                .set(ClientServerSettings.SERVERS, servers)
                .set(ClientServerSettings.REDIAL_INTERVAL, "100")
                .build());
        nodes.add(node);
        return node;
    }

    @Test
    void serversAndClientsConvergeAndSurviveAServerHalt() throws IOException {
        int port0 = freePort();
        int port1 = freePort();
        String servers = "s0@127.0.0.1:" + port0 + ",s1@127.0.0.1:" + port1;
        RhizomeNode s0 = start("s0", port0, "server", servers);
        start("s1", port1, "server", servers);
        start("c0", 0, "client", servers);
        start("c1", 0, "client", servers);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> nodes.stream().allMatch(node -> node.members().size() == 4));
        s0.halt();
        List<RhizomeNode> survivors = nodes.subList(1, 4);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> survivors.stream().allMatch(node -> node.members().size() == 3));
    }

    @AfterEach
    void stopAll() {
        for (RhizomeNode node : nodes) {
            node.halt();
        }
    }
}
