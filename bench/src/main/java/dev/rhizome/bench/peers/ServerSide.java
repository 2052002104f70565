package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

/**
 * The receiving process's logic, the same in every JVM system (and mirrored by the Erlang child):
 * counts data messages and acks every {@code ackEvery} of them cumulatively, answers FIN with the exact
 * count, echoes pings, and acks each bulk message. Runs on the link's delivery thread.
 */
final class ServerSide implements PeerLink.Handler {

    private final PeerLink link;
    private final int ackEvery;
    private long received;
    private long expected;
    private long outOfOrder;
    private long bulkReceived;

    ServerSide(PeerLink link, int ackEvery) {
        this.link = link;
        this.ackEvery = ackEvery;
    }

    @Override
    public synchronized void onMessage(int type, long a, long b) {
        switch (type) {
            case Msg.DATA -> {
                if (a != expected) {
                    outOfOrder++;
                }
                expected = a + 1;
                if (++received % ackEvery == 0) {
                    link.send(Msg.ACK, received, 0, Msg.SMALL);
                }
            }
            case Msg.FIN -> {
                link.send(Msg.FINACK, received, outOfOrder, Msg.SMALL);
                received = 0;
                expected = 0;
                outOfOrder = 0;
            }
            case Msg.PING -> link.send(Msg.PONG, a, b, Msg.PAYLOAD);
            case Msg.BULK -> link.send(Msg.BULKACK, ++bulkReceived, 0, Msg.SMALL);
            default -> { }
        }
    }
}
