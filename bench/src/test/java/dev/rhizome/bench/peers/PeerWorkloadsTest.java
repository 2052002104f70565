package dev.rhizome.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code bench peers} workloads end to end over each JVM system's real sockets on 127.0.0.1,
 * both ends in this JVM and for a fraction of a second each: W1 delivers every message in order,
 * W2 records round trips, W3 answers every ping while 8 MiB messages stream. A few seconds per system.
 */
class PeerWorkloadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"rhizome", "netty", "pekkoLargeDest"})
    @Timeout(60)
    void workloadsRunToTheEndWithoutLoss(String system) throws Exception {
        PeerLink server = server(system);
        try {
            server.handler(new ServerSide(server, PeersBench.ACK_EVERY));
            PeerLink client = client(system, address(server));
            try {
                PeerDriver driver = new PeerDriver(client);
                client.handler(driver);
                assertTrue(driver.handshake(20_000), system + ": no handshake");

                Map<String, Long> t = driver.throughput(300, PeersBench.WINDOW);
                assertTrue(t.get("sent") >= PeersBench.WINDOW, system + ": sent only " + t.get("sent"));
                assertEquals(t.get("sent"), t.get("received"), system + ": lost messages");
                assertEquals(0L, t.get("outOfOrder"), system + ": out of order");

                var rtt = driver.latency(200);
                assertTrue(rtt.getTotalCount() >= 1, system + ": only " + rtt.getTotalCount() + " round trips");

                PeerDriver.Hol hol = driver.hol(300);
                assertTrue(hol.pings() >= 29, system + ": only " + hol.pings() + " pings");
                assertEquals(0L, hol.lostPings(), system + ": pings without pong");
                assertEquals(hol.pings(), hol.rtt().getTotalCount(), system + ": round trips recorded");
                assertTrue(driver.bulkAcknowledged() > 0, system + ": no 8 MiB message was acknowledged");

                Map<String, Long> after = driver.throughput(100, PeersBench.WINDOW);
                assertEquals(after.get("sent"), after.get("received"), system + ": W1 after W3 lost messages");
            } finally {
                client.close();
            }
        } finally {
            server.close();
        }
    }

    private static PeerLink server(String system) throws Exception {
        return switch (system) {
            case "rhizome" -> RhizomeLink.server();
            case "netty" -> NettyLink.server();
            default -> PekkoLink.server(true);
        };
    }

    private static String address(PeerLink server) {
        return switch (server) {
            case RhizomeLink r -> r.address();
            case NettyLink n -> n.address();
            case PekkoLink p -> p.address();
            default -> throw new IllegalArgumentException(server.toString());
        };
    }

    private static PeerLink client(String system, String address) throws Exception {
        return switch (system) {
            case "rhizome" -> RhizomeLink.client(address);
            case "netty" -> NettyLink.client(address);
            default -> PekkoLink.client(address, true);
        };
    }
}
