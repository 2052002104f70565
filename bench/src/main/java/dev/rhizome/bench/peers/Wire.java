package dev.rhizome.bench.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The message layout every system carries, the Erlang child included:
 * {@code [type:1][a:8 big-endian][b:8 big-endian][zero padding up to the message size]}.
 */
final class Wire {

    static final int DATA = 1;     // a = sequence number (W1)
    static final int ACK = 2;      // a = cumulative count received
    static final int FIN = 3;      // a = count sent
    static final int FINACK = 4;   // a = count received, b = out-of-order count
    static final int PING = 5;     // a = sequence number (-1: handshake), b = the sender's send time
    static final int PONG = 6;     // echo of PING
    static final int BULK = 7;     // an 8 MiB message to the bulk receiver (W3)
    static final int BULKACK = 8;  // a = bulk messages received

    static final int HEADER = 17;
    /** Data, ping and pong messages are this big. */
    static final int PAYLOAD = 100;
    /** Acks carry only the header. */
    static final int SMALL = HEADER;
    /** The size of one bulk message in W3. */
    static final int BULK_BYTES = 8 << 20;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Wire() {}

    static byte[] encode(int type, long a, long b, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) type;
        LONG.set(bytes, 1, a);
        LONG.set(bytes, 9, b);
        return bytes;
    }

    static int type(byte[] bytes) {
        return bytes[0];
    }

    static long a(byte[] bytes) {
        return (long) LONG.get(bytes, 1);
    }

    static long b(byte[] bytes) {
        return (long) LONG.get(bytes, 9);
    }
}
