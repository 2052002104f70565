package dev.rhizome.bench;

/**
 * The receiver/echo side: counts data messages and acks every {@code ackEvery} of them (cumulative),
 * answers a FIN with the exact count, echoes pings. Runs on the receiving I/O thread only.
 */
final class ServerLogic implements Endpoint.Handler {

    private final Endpoint endpoint;
    private final int ackEvery;
    private long received;
    private long expected;
    private long outOfOrder;

    ServerLogic(Endpoint endpoint, int ackEvery) {
        this.endpoint = endpoint;
        this.ackEvery = ackEvery;
    }

    @Override
    public void onMessage(int type, long a, long b) {
        switch (type) {
            case Msg.DATA -> {
                if (a != expected) {
                    outOfOrder++;
                }
                expected = a + 1;
                if (++received % ackEvery == 0) {
                    endpoint.send(Msg.ACK, received, 0, Msg.SMALL);
                }
            }
            case Msg.FIN -> {
                endpoint.send(Msg.FINACK, received, outOfOrder, Msg.SMALL);
                received = 0;
                expected = 0;
                outOfOrder = 0;
            }
            case Msg.PING -> endpoint.send(Msg.PONG, a, b, Msg.PAYLOAD);
            default -> { }
        }
    }
}
